// Satellite: an element set with its initialised SGP4 record.
#include "orbit/sgp4.hpp"

#include <cmath>

#include <fmt/format.h>

#include "orbit/internal/sgp4_core.hpp"
#include "orbit/internal/sgp4_record.hpp"

namespace lagrange::orbit {

std::string describe(Sgp4Error error) {
  switch (error) {
    case Sgp4Error::kNone:
      return "no error (code 0)";
    case Sgp4Error::kMeanEccentricity:
      return "mean elements: eccentricity >= 1 or < 0, or semi-major axis < 0.95 Earth "
             "radii (code 1)";
    case Sgp4Error::kMeanMotion:
      return "mean motion is not positive (code 2)";
    case Sgp4Error::kPerturbedEccentricity:
      return "perturbed eccentricity outside [0, 1] (code 3)";
    case Sgp4Error::kSemiLatusRectum:
      return "semi-latus rectum is negative (code 4)";
    case Sgp4Error::kSuborbital:
      return "suborbital: epoch elements are below the surface (code 5)";
    case Sgp4Error::kDecayed:
      return "orbit has decayed: radius below 1 Earth radius (code 6)";
  }
  return fmt::format("unknown SGP4 error (code {})", static_cast<int>(error));
}

Result<Satellite> Satellite::create(const ElementSet& elements, const Sgp4Options& options) {
  auto record = std::make_unique<Sgp4Record>();
  const Sgp4Error error = sgp4_detail::init_record(elements, options, *record);
  if (error != Sgp4Error::kNone) {
    std::string where = elements.source.file.empty()
                            ? std::string()
                            : fmt::format("{}:{}: ", elements.source.file, elements.source.line);
    return Error{fmt::format("{}satellite {}: SGP4 cannot use these elements at epoch: {}", where,
                             describe(elements), describe(error))};
  }
  return Satellite(elements, std::move(record));
}

Satellite::Satellite(ElementSet elements, std::unique_ptr<Sgp4Record> record)
    : elements_(std::move(elements)), record_(std::move(record)) {}

Satellite::Satellite(const Satellite& other)
    : elements_(other.elements_),
      record_(other.record_ ? std::make_unique<Sgp4Record>(*other.record_) : nullptr) {}

Satellite::Satellite(Satellite&&) noexcept = default;

Satellite& Satellite::operator=(const Satellite& other) {
  if (this != &other) {
    elements_ = other.elements_;
    record_ = other.record_ ? std::make_unique<Sgp4Record>(*other.record_) : nullptr;
  }
  return *this;
}

Satellite& Satellite::operator=(Satellite&&) noexcept = default;
Satellite::~Satellite() = default;

bool Satellite::is_deep_space() const {
  return record_->deep_space;
}

Sgp4Error Satellite::propagate_minutes(double minutes_since_epoch, TemeState& out) const {
  return sgp4_detail::propagate_record(*record_, minutes_since_epoch, out);
}

Sgp4Error Satellite::propagate(Instant t, TemeState& out) const {
  return propagate_minutes(minutes_since_epoch(t), out);
}

Result<TemeState> Satellite::propagate_minutes(double minutes_since_epoch) const {
  TemeState state;
  const Sgp4Error error = propagate_minutes(minutes_since_epoch, state);
  if (error != Sgp4Error::kNone) {
    // Within +-100 years the instant is representable; beyond, only minutes are shown.
    constexpr double kMaxMinutesForInstant = 100.0 * 366.0 * 1440.0;
    const std::string when =
        std::fabs(minutes_since_epoch) < kMaxMinutesForInstant
            ? fmt::format(" ({})", format_iso8601(elements_.epoch +
                                                  Duration::from_minutes(minutes_since_epoch)))
            : std::string();
    return Error{fmt::format("satellite {}: SGP4 failed at {:.6f} min from epoch{}: {}",
                             describe(elements_), minutes_since_epoch, when, describe(error))};
  }
  return state;
}

Result<TemeState> Satellite::propagate(Instant t) const {
  return propagate_minutes(minutes_since_epoch(t));
}

TemeState BatchStates::state(size_t time, size_t satellite) const {
  const size_t i = index(time, satellite);
  return {{x_km[i], y_km[i], z_km[i]}, {vx_km_s[i], vy_km_s[i], vz_km_s[i]}};
}

}  // namespace lagrange::orbit
