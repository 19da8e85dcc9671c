// The operator's time series: the engine thread samples every satellite each kSeriesStep of
// sim time while it advances (service_impl.hpp, SeriesSample). Sampling stops the engine at
// those instants on its way, as the real clock's slices already do; the events processed are
// the same, so the run is the run without sampling.
#include "service/internal/service_impl.hpp"

namespace lagrange::service {

bool Service::Impl::advance_recording(Instant t, uint64_t max_events) {
  const Instant end = world->scenario.end;
  while (next_sample <= t && next_sample <= end) {
    // Out of budget before the sample instant: the next call goes on from here.
    if (!engine->advance_to(next_sample, max_events)) return false;
    const sim::EngineSnapshot snap = engine->snapshot();
    SeriesSample sample;
    sample.at = next_sample;
    for (const auto& s : snap.satellites) {
      sample.battery.push_back(static_cast<float>(s.state_of_charge));
      sample.stored_bytes.push_back(static_cast<float>(s.stored_bytes));
      sample.queue.push_back(static_cast<uint32_t>(s.queue_length));
      sample.busy.push_back(s.running_job ? 1 : 0);
    }
    sample.station_downlink_bytes = snap.station_downlink_bytes;
    {
      std::unique_lock lock(shared.mutex);
      shared.series.push_back(std::move(sample));
      if (shared.series.size() > kMaxSeriesSamples) shared.series.pop_front();
    }
    next_sample = next_sample + kSeriesStep;
  }
  if (engine->now() < t) return engine->advance_to(t, max_events);
  return true;
}

}  // namespace lagrange::service
