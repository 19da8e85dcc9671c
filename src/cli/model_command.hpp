// Internals of `lagrange model check` shared by its files (model_command*.cpp).
#pragma once

#include <optional>
#include <string>

#include "model/model_check.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::cli {

// A satellite class's accelerator (with the scenario's overrides) and the model inputs a
// satellite of the class would see a day under the scenario's workload (estimate described in
// docs/models.md), with the orbit-average power left for the accelerator.
struct ClassLoad {
  model::Target target;
  model::PowerBudget budget;
};

// nullopt when the class has no satellites (the message says why in `error`).
std::optional<ClassLoad> class_load(const scenario::Scenario& s, const std::string& class_name,
                                    const model::StaticFigures& figures,
                                    const compute::Catalog& catalog, std::string& error);

// The human-readable report.
std::string render_text(const std::string& file, const model::ModelCheck& check);

}  // namespace lagrange::cli
