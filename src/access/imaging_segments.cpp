// Systematic-imaging segments: the daylit ground track inside a region, cut into pieces
// (model and error budget in docs/capture.md). The track is sampled on the ephemeris grid
// (at most every 60 s) through cubic Hermite interpolation, closer near a region's edges,
// and the instants where the state changes are bisected to 1 s.
#include <algorithm>
#include <cmath>
#include <optional>

#include "access/capture.hpp"
#include "access/internal/capture_geometry.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

using internal::GroundPolygon;

constexpr Duration kMaxScanStep = Duration::seconds(60);
constexpr Duration kMinScanStep = Duration::seconds(1);
constexpr Duration kBoundaryTolerance = Duration::seconds(1);
// The projected polygon distance is a few % off; steps use 80 % of the reachable distance.
constexpr double kStepSafety = 0.8;

struct Sample {
  Instant t;
  bool valid = false;  // the interpolated state exists
  bool ok = false;     // valid, inside the region and in daylight
  Vec3 foot_itrf_km;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double region_margin_km = 0.0;  // distance to the region's boundary (projected)
  double speed_km_s = 0.0;
};

class SegmentScan {
 public:
  SegmentScan(const Ephemeris& eph, size_t sat, const ImagerGeometry& imager,
              const GroundPolygon* region, const internal::SunItrfTable& sun, Duration max_segment)
      : eph_(eph),
        sat_(sat),
        sin_min_sun_(std::sin(deg_to_rad(imager.min_sun_elevation_deg))),
        region_(region),
        sun_(sun),
        max_segment_(max_segment) {}

  std::vector<ImagingSegment> run(Instant lo, Instant hi) {
    Sample s = eval(lo);
    add(s);
    while (s.t < hi) {
      const Sample next = eval(std::min(hi, s.t + step_after(s)));
      if (next.ok != s.ok) {
        const auto [last_before, first_after] = bisect(s, next);
        add(last_before);
        add(first_after);
      }
      add(next);
      s = next;
    }
    close();
    return std::move(out_);
  }

 private:
  Sample eval(Instant t) const {
    Sample s;
    s.t = t;
    orbit::ItrfState state;
    if (!eph_.interpolate_itrf(sat_, t, state)) return s;
    const internal::Nadir n = internal::nadir_of(state.r_km);
    s.valid = true;
    s.foot_itrf_km = n.foot_itrf_km;
    s.lat_deg = n.lat_deg;
    s.lon_deg = n.lon_deg;
    s.speed_km_s = norm(state.v_km_s);
    bool inside = true;
    if (region_ != nullptr) {
      const double d = region_->signed_distance_km(n.lat_deg, n.lon_deg, false);
      inside = std::signbit(d);  // the sign comes from the exact inside test
      s.region_margin_km = std::abs(d);
    }
    s.ok = inside &&
           internal::sun_sin_elevation(n.foot_itrf_km, n.up, sun_.position_km(t)) >= sin_min_sun_;
    return s;
  }

  Duration step_after(const Sample& s) const {
    const Duration base = std::min(eph_.grid().step, kMaxScanStep);
    if (region_ == nullptr || !s.valid || s.speed_km_s <= 0.0) return base;
    // The nadir moves slower than the satellite, so it cannot reach the region's edge
    // sooner than margin / speed.
    const Duration reach = Duration::from_seconds(kStepSafety * s.region_margin_km / s.speed_km_s);
    return std::clamp(reach, kMinScanStep, base);
  }

  // The samples on either side of the state change between a and b, 1 s apart at most.
  std::pair<Sample, Sample> bisect(Sample a, Sample b) const {
    while (b.t - a.t > kBoundaryTolerance) {
      const Sample mid = eval(a.t + (b.t - a.t) / 2);
      if (mid.ok == a.ok) {
        a = mid;
      } else {
        b = mid;
      }
    }
    return {a, b};
  }

  void add(const Sample& s) {
    if (!s.ok) {
      close();
      return;
    }
    if (!open_) {
      open_ = true;
      piece_start_ = s;
      last_ = s;
      length_km_ = 0.0;
      return;
    }
    if (max_segment_.ns() > 0) {
      while (s.t - piece_start_.t > max_segment_) {
        Sample cut = eval(piece_start_.t + max_segment_);
        if (!cut.valid) cut.foot_itrf_km = last_.foot_itrf_km;
        length_km_ += norm(cut.foot_itrf_km - last_.foot_itrf_km);
        emit(piece_start_.t, cut.t);
        piece_start_ = cut;
        last_ = cut;
        length_km_ = 0.0;
      }
    }
    length_km_ += norm(s.foot_itrf_km - last_.foot_itrf_km);
    last_ = s;
  }

  void close() {
    if (open_ && last_.t > piece_start_.t) emit(piece_start_.t, last_.t);
    open_ = false;
  }

  void emit(Instant start, Instant end) {
    ImagingSegment seg;
    seg.satellite = static_cast<uint32_t>(sat_);
    seg.start = start;
    seg.end = end;
    seg.ground_track_km = length_km_;
    const Sample mid = eval(start + (end - start) / 2);
    seg.centre = {mid.lat_deg, mid.lon_deg};
    out_.push_back(seg);
  }

  const Ephemeris& eph_;
  size_t sat_;
  double sin_min_sun_;
  const GroundPolygon* region_;
  const internal::SunItrfTable& sun_;
  Duration max_segment_;

  bool open_ = false;
  Sample piece_start_;
  Sample last_;
  double length_km_ = 0.0;
  std::vector<ImagingSegment> out_;
};

}  // namespace

std::vector<ImagingSegment> find_imaging_segments(const Ephemeris& ephemeris,
                                                  std::span<const ImagerGeometry> imagers,
                                                  const CaptureTarget& region, Instant from,
                                                  Instant to, Duration max_segment) {
  std::vector<ImagingSegment> out;
  const size_t n = region.vertices.size();
  if ((n != 0 && n < 3) || !ephemeris.has_itrf_velocity()) return out;
  const TimeGrid& grid = ephemeris.grid();
  const Instant lo = std::max(from, grid.start);
  const Instant hi = std::min(to, grid.last());
  if (lo >= hi) return out;

  std::optional<GroundPolygon> polygon;
  if (n >= 3) polygon.emplace(region.vertices);
  const internal::SunItrfTable sun(lo, hi, ephemeris.options().eop);

  const size_t sats = std::min(ephemeris.satellite_count(), imagers.size());
  std::vector<std::vector<ImagingSegment>> per_sat(sats);
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t sat = 0; sat < sats; ++sat) {
    if (imagers[sat].swath_km <= 0.0) continue;
    SegmentScan scan(ephemeris, sat, imagers[sat], polygon ? &*polygon : nullptr, sun, max_segment);
    per_sat[sat] = scan.run(lo, hi);
  }
  for (auto& segments : per_sat) out.insert(out.end(), segments.begin(), segments.end());
  std::sort(out.begin(), out.end(), [](const ImagingSegment& a, const ImagingSegment& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.satellite != b.satellite) return a.satellite < b.satellite;
    return a.end < b.end;
  });
  return out;
}

}  // namespace lagrange::access
