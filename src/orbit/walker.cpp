#include "orbit/walker.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/time_scales.hpp"
#include "core/units.hpp"

namespace lagrange::orbit {
namespace {

Error shell_error(std::string_view text, std::string_view what) {
  return Error{
      fmt::format("walker shell '{}': {} (expected [delta:|star:]I:T/P/F@Hkm, e.g. "
                  "53:1584/72/17@550km)",
                  text, what)};
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Result<WalkerShell> parse_shell(std::string_view text) {
  WalkerShell shell;
  std::string_view rest = text;
  if (rest.starts_with("delta:")) {
    rest.remove_prefix(6);
  } else if (rest.starts_with("star:")) {
    shell.pattern = WalkerPattern::kStar;
    rest.remove_prefix(5);
  }
  const size_t colon = rest.find(':');
  const size_t at = rest.find('@');
  if (colon == std::string_view::npos || at == std::string_view::npos || at < colon) {
    return shell_error(text, "missing ':' or '@'");
  }
  if (!parse_number(rest.substr(0, colon), shell.inclination_deg) || shell.inclination_deg < 0.0 ||
      shell.inclination_deg > 180.0) {
    return shell_error(text, "inclination must be a number of degrees in [0, 180]");
  }
  const std::string_view tpf = rest.substr(colon + 1, at - colon - 1);
  const size_t s1 = tpf.find('/');
  const size_t s2 = s1 == std::string_view::npos ? s1 : tpf.find('/', s1 + 1);
  if (s2 == std::string_view::npos) return shell_error(text, "expected T/P/F");
  if (!parse_number(tpf.substr(0, s1), shell.total) ||
      !parse_number(tpf.substr(s1 + 1, s2 - s1 - 1), shell.planes) ||
      !parse_number(tpf.substr(s2 + 1), shell.phasing)) {
    return shell_error(text, "T, P and F must be integers");
  }
  if (shell.total <= 0 || shell.planes <= 0 || shell.total % shell.planes != 0) {
    return shell_error(text, "T and P must be positive and T divisible by P");
  }
  if (shell.phasing < 0 || shell.phasing >= shell.planes) {
    return shell_error(text, "F must be in [0, P)");
  }
  std::string_view alt = rest.substr(at + 1);
  if (alt.ends_with("km")) alt.remove_suffix(2);
  if (!parse_number(alt, shell.altitude_km) || shell.altitude_km < 100.0 ||
      shell.altitude_km > 100000.0) {
    return shell_error(text, "altitude must be a number of km in [100, 100000]");
  }
  return shell;
}

}  // namespace

Result<std::vector<WalkerShell>> walker_preset(std::string_view name) {
  std::vector<std::string_view> specs;
  if (name == "starlink") {
    // FCC-authorised Gen1 shells (SAT-MOD-20200417-00037, 2021 grant): 4,408 satellites.
    // The FCC figures give inclination, planes, satellites per plane and altitude but not the
    // Walker phasing F; F = 17 for the 53.0 and 53.2 deg shells and 1 elsewhere are our
    // assumptions.
    specs = {"53:1584/72/17@550km", "53.2:1584/72/17@540km", "70:720/36/1@570km",
             "97.6:348/6/1@560km", "97.6:172/4/1@560km"};
  } else if (name == "star-compute") {
    // The 2,800-satellite computing-constellation plan (ADA Space / Zhejiang Lab) has no
    // published shell design. Assumed: two shells of 1,400 at 500 km, a 97.4 deg
    // (sun-synchronous-like) one in 28 planes of 50 and a 50 deg one in 35 planes of 40.
    specs = {"97.4:1400/28/1@500km", "50:1400/35/1@500km"};
  } else {
    return Error{fmt::format("unknown walker preset '{}' (known: starlink, star-compute)", name)};
  }
  std::vector<WalkerShell> shells;
  for (const auto spec : specs) shells.push_back(parse_shell(spec).value());
  return shells;
}

Result<std::vector<WalkerShell>> parse_walker_spec(std::string_view spec) {
  if (spec.find(':') == std::string_view::npos) return walker_preset(spec);
  std::vector<WalkerShell> shells;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    auto shell = parse_shell(spec.substr(0, comma));
    if (!shell) return shell.error();
    shells.push_back(*shell);
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  if (shells.empty()) return Error{"walker spec is empty"};
  int64_t total = 0;
  for (const auto& shell : shells) total += shell.total;
  if (total > kMaxWalkerSatellites) {
    return Error{
        fmt::format("{} satellites is more than the {} a Walker spec may generate "
                    "(docs/LIMITS.md)",
                    total, kMaxWalkerSatellites)};
  }
  return shells;
}

std::string format_walker_shell(const WalkerShell& s) {
  return fmt::format("{}{}:{}/{}/{}@{}km", s.pattern == WalkerPattern::kStar ? "star:" : "",
                     s.inclination_deg, s.total, s.planes, s.phasing, s.altitude_km);
}

double circular_mean_motion_rev_per_day(double altitude_km) {
  const double a_km = kWgs72EquatorialRadius_km + altitude_km;
  const double n_rad_s = std::sqrt(kWgs72Mu_km3_s2 / (a_km * a_km * a_km));
  return n_rad_s * kSecondsPerDay / kTwoPi;
}

std::vector<WalkerSatellite> generate_walker(const std::vector<WalkerShell>& shells, Instant epoch,
                                             uint32_t first_norad_id) {
  std::vector<WalkerSatellite> out;
  const JulianDate jd = utc_jd(epoch);
  uint32_t next_id = first_norad_id;
  for (size_t si = 0; si < shells.size(); ++si) {
    const WalkerShell& shell = shells[si];
    const double raan_span_deg = shell.pattern == WalkerPattern::kStar ? 180.0 : 360.0;
    const int per_plane = shell.per_plane();
    const double n_rev_day = circular_mean_motion_rev_per_day(shell.altitude_km);
    for (int p = 0; p < shell.planes; ++p) {
      for (int k = 0; k < per_plane; ++k) {
        WalkerSatellite sat;
        sat.shell = static_cast<int>(si);
        sat.plane = p;
        sat.slot = k;
        ElementSet& e = sat.elements;
        e.name = fmt::format("W{}-P{}-S{}", si, p, k);
        e.object_id = fmt::format("SYNTH-{}", next_id);
        e.norad_id = next_id++;
        e.epoch = epoch;
        e.epoch_jd_whole = jd.whole;
        e.epoch_jd_fraction = jd.fraction;
        e.mean_motion_rev_per_day = n_rev_day;
        e.inclination_deg = shell.inclination_deg;
        e.raan_deg = raan_span_deg * p / shell.planes;
        const double u_deg = 360.0 * k / per_plane + 360.0 * shell.phasing * p / shell.total;
        e.mean_anomaly_deg = std::fmod(u_deg, 360.0);
        e.source = {fmt::format("walker:{}", format_walker_shell(shell)), 0};
        out.push_back(std::move(sat));
      }
    }
  }
  return out;
}

}  // namespace lagrange::orbit
