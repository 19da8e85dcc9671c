#include "access/contact_plan.hpp"

#include <algorithm>
#include <tuple>

namespace lagrange::access {

void canonicalize(ContactPlan& plan) {
  std::sort(plan.contacts.begin(), plan.contacts.end(), [](const Contact& a, const Contact& b) {
    return std::tie(a.start, a.from, a.to, a.end, a.rate_bps) <
           std::tie(b.start, b.from, b.to, b.end, b.rate_bps);
  });
  std::sort(plan.eclipses.begin(), plan.eclipses.end(),
            [](const EclipseInterval& a, const EclipseInterval& b) {
              return std::tie(a.satellite, a.start, a.end) < std::tie(b.satellite, b.start, b.end);
            });
}

}  // namespace lagrange::access
