// SatelliteBatch: many satellites x many times. Near-Earth satellites are packed kLanes (8
// with AVX-512) to a block of SIMD lanes (orbit/internal/sgp4_batch_kernel.hpp); deep-space
// ones take the scalar Satellite::propagate_minutes. Work items are (block or deep-space
// satellite) x (chunk of times), shared out by OpenMP; every output element is computed by
// the same code whatever thread runs it, so results do not depend on the thread count.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "orbit/internal/sgp4_batch_kernel.hpp"
#include "orbit/internal/sgp4_record.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::orbit {
namespace {

using sgp4_batch::kLanes;
using sgp4_batch::LaneStates;
using sgp4_batch::NearEarthLanes;

// Times per work item: enough to amortise scheduling, few enough to balance two cores even
// for a handful of satellites.
constexpr size_t kTimesPerChunk = 64;

struct NearEarthBlock {
  NearEarthLanes lanes;
  size_t satellite[kLanes] = {};  // output column of each lane
  int64_t epoch_unix_ns[kLanes] = {};
  int count = 0;            // lanes in use; the rest repeat lane 0 and are not stored
  bool contiguous = false;  // satellite[i] == satellite[0] + i for all used lanes
};

struct DeepSpaceEntry {
  size_t satellite = 0;
  Satellite propagator;
};

void set_lane(NearEarthLanes& c, int lane, const Sgp4Record& r) {
  const bool full_drag = !r.simplified_drag;
  const auto drag = [full_drag](double v) { return full_drag ? v : 0.0; };
  c.mo[lane] = r.mo;
  c.mdot[lane] = r.mdot;
  c.argpo[lane] = r.argpo;
  c.argpdot[lane] = r.argpdot;
  c.nodeo[lane] = r.nodeo;
  c.nodedot[lane] = r.nodedot;
  c.nodecf[lane] = r.nodecf;
  c.cc1[lane] = r.cc1;
  c.bstar_cc4[lane] = r.bstar * r.cc4;
  c.bstar_cc5[lane] = drag(r.bstar * r.cc5);
  c.t2cof[lane] = r.t2cof;
  c.omgcof[lane] = drag(r.omgcof);
  c.xmcof[lane] = drag(r.xmcof);
  c.eta[lane] = drag(r.eta);
  c.delmo[lane] = drag(r.delmo);
  c.sinmao[lane] = drag(r.sinmao);
  c.d2[lane] = drag(r.d2);
  c.d3[lane] = drag(r.d3);
  c.d4[lane] = drag(r.d4);
  c.t3cof[lane] = drag(r.t3cof);
  c.t4cof[lane] = drag(r.t4cof);
  c.t5cof[lane] = drag(r.t5cof);
  c.no_unkozai[lane] = r.no_unkozai;
  c.ecco[lane] = r.ecco;
  c.inclo[lane] = r.inclo;
  c.sinio[lane] = r.sinio;
  c.cosio[lane] = r.cosio;
  c.a_unperturbed[lane] = std::pow(r.gravity.xke / r.no_unkozai, 2.0 / 3.0);
  c.aycof[lane] = r.aycof;
  c.xlcof[lane] = r.xlcof;
  c.con41[lane] = r.con41;
  c.x1mth2[lane] = r.x1mth2;
  c.x7thm1[lane] = r.x7thm1;
  c.xke[lane] = r.gravity.xke;
  c.j2[lane] = r.gravity.j2;
  c.radius_km[lane] = r.gravity.radius_km;
  c.vkmpersec[lane] = r.gravity.vkmpersec;
}

NearEarthBlock make_block(std::span<const Satellite> satellites, std::span<const size_t> indices) {
  NearEarthBlock block;
  block.count = static_cast<int>(indices.size());
  block.contiguous = true;
  bool all_simplified = true;
  for (int lane = 0; lane < kLanes; ++lane) {
    // Unused lanes repeat the first satellite so that they compute harmless values.
    const size_t index = indices[lane < block.count ? lane : 0];
    const Satellite& sat = satellites[index];
    set_lane(block.lanes, lane, sat.record());
    block.satellite[lane] = index;
    block.epoch_unix_ns[lane] = sat.elements().epoch.unix_ns();
    all_simplified = all_simplified && sat.record().simplified_drag;
    if (lane < block.count && index != indices[0] + static_cast<size_t>(lane)) {
      block.contiguous = false;
    }
  }
  block.lanes.all_simplified_drag = all_simplified;
  return block;
}

void prepare(BatchStates& out, size_t n_satellites, size_t n_times) {
  const size_t n = n_satellites * n_times;
  out.n_satellites = n_satellites;
  out.n_times = n_times;
  for (auto* v : {&out.x_km, &out.y_km, &out.z_km, &out.vx_km_s, &out.vy_km_s, &out.vz_km_s}) {
    v->resize(n);
  }
  out.error.resize(n);
}

int thread_count(int requested) {
  return requested > 0 ? requested : omp_get_max_threads();
}

void store(const NearEarthBlock& block, const LaneStates& s, size_t row, BatchStates& out) {
  const size_t base = row * out.n_satellites;
  if (block.contiguous && block.count == kLanes) {
    const size_t at = base + block.satellite[0];
    simd::store(&out.x_km[at], s.x_km);
    simd::store(&out.y_km[at], s.y_km);
    simd::store(&out.z_km[at], s.z_km);
    simd::store(&out.vx_km_s[at], s.vx_km_s);
    simd::store(&out.vy_km_s[at], s.vy_km_s);
    simd::store(&out.vz_km_s[at], s.vz_km_s);
    for (int lane = 0; lane < kLanes; ++lane) {
      out.error[at + lane] = static_cast<Sgp4Error>(static_cast<uint8_t>(s.error[lane]));
    }
    return;
  }
  for (int lane = 0; lane < block.count; ++lane) {
    const size_t at = base + block.satellite[lane];
    out.x_km[at] = s.x_km[lane];
    out.y_km[at] = s.y_km[lane];
    out.z_km[at] = s.z_km[lane];
    out.vx_km_s[at] = s.vx_km_s[lane];
    out.vy_km_s[at] = s.vy_km_s[lane];
    out.vz_km_s[at] = s.vz_km_s[lane];
    out.error[at] = static_cast<Sgp4Error>(static_cast<uint8_t>(s.error[lane]));
  }
}

void store_scalar(size_t at, Sgp4Error error, const TemeState& s, BatchStates& out) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const bool ok = error == Sgp4Error::kNone;
  out.x_km[at] = ok ? s.r_km.x : nan;
  out.y_km[at] = ok ? s.r_km.y : nan;
  out.z_km[at] = ok ? s.r_km.z : nan;
  out.vx_km_s[at] = ok ? s.v_km_s.x : nan;
  out.vy_km_s[at] = ok ? s.v_km_s.y : nan;
  out.vz_km_s[at] = ok ? s.v_km_s.z : nan;
  out.error[at] = error;
}

}  // namespace

struct SatelliteBatch::Impl {
  size_t n_satellites = 0;
  std::vector<NearEarthBlock> blocks;
  std::vector<DeepSpaceEntry> deep_space;

  // Runs every (block or deep-space satellite) x (chunk of times) item. `lane_minutes(block,
  // row)` and `scalar_minutes(entry, row)` give the offsets from each satellite's epoch.
  template <typename LaneMinutes, typename ScalarMinutes>
  void run(size_t n_times, BatchStates& out, int threads, LaneMinutes lane_minutes,
           ScalarMinutes scalar_minutes) const {
    prepare(out, n_satellites, n_times);
    const size_t chunks = (n_times + kTimesPerChunk - 1) / kTimesPerChunk;
    const size_t units = blocks.size() + deep_space.size();
    const auto items = static_cast<std::ptrdiff_t>(units * chunks);
#pragma omp parallel for schedule(dynamic) num_threads(thread_count(threads))
    for (std::ptrdiff_t item = 0; item < items; ++item) {
      const size_t unit = static_cast<size_t>(item) / chunks;
      const size_t first_row = (static_cast<size_t>(item) % chunks) * kTimesPerChunk;
      const size_t end_row = std::min(n_times, first_row + kTimesPerChunk);
      if (unit < blocks.size()) {
        const NearEarthBlock& block = blocks[unit];
        for (size_t row = first_row; row < end_row; ++row) {
          store(block, sgp4_batch::propagate_lanes(block.lanes, lane_minutes(block, row)), row,
                out);
        }
      } else {
        const DeepSpaceEntry& entry = deep_space[unit - blocks.size()];
        for (size_t row = first_row; row < end_row; ++row) {
          TemeState state;
          const Sgp4Error error =
              entry.propagator.propagate_minutes(scalar_minutes(entry, row), state);
          store_scalar(out.index(row, entry.satellite), error, state, out);
        }
      }
    }
  }
};

SatelliteBatch::SatelliteBatch(std::span<const Satellite> satellites)
    : impl_(std::make_unique<Impl>()) {
  impl_->n_satellites = satellites.size();
  std::vector<size_t> near_earth;
  for (size_t i = 0; i < satellites.size(); ++i) {
    if (satellites[i].is_deep_space()) {
      impl_->deep_space.push_back(DeepSpaceEntry{i, satellites[i]});
    } else {
      near_earth.push_back(i);
    }
  }
  for (size_t first = 0; first < near_earth.size(); first += kLanes) {
    const size_t count = std::min<size_t>(kLanes, near_earth.size() - first);
    impl_->blocks.push_back(
        make_block(satellites, std::span<const size_t>(near_earth).subspan(first, count)));
  }
}

SatelliteBatch::~SatelliteBatch() = default;
SatelliteBatch::SatelliteBatch(SatelliteBatch&&) noexcept = default;
SatelliteBatch& SatelliteBatch::operator=(SatelliteBatch&&) noexcept = default;

size_t SatelliteBatch::size() const {
  return impl_->n_satellites;
}

void SatelliteBatch::propagate_minutes(std::span<const double> minutes, BatchStates& out,
                                       int threads) const {
  impl_->run(
      minutes.size(), out, threads,
      [minutes](const NearEarthBlock&, size_t row) { return simd::splat(minutes[row]); },
      [minutes](const DeepSpaceEntry&, size_t row) { return minutes[row]; });
}

void SatelliteBatch::propagate(std::span<const Instant> times, BatchStates& out,
                               int threads) const {
  impl_->run(
      times.size(), out, threads,
      [times](const NearEarthBlock& block, size_t row) {
        // (times[row] - epoch).to_minutes() lane-wise: the same operations, so the same
        // doubles as Satellite::minutes_since_epoch.
        const simd::I64 ns = times[row].unix_ns() - simd::load(block.epoch_unix_ns);
        return simd::to_f64(ns) * 1e-9 / 60.0;
      },
      [times](const DeepSpaceEntry& entry, size_t row) {
        return entry.propagator.minutes_since_epoch(times[row]);
      });
}

}  // namespace lagrange::orbit
