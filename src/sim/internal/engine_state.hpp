// The engine's one mutable state and its event handlers (engine.hpp describes the models).
// Split over engine.cpp (event loop, sampling), engine_power.cpp (batteries, loads),
// engine_compute.cpp (accelerators), engine_transfer.cpp (bundles and contacts),
// engine_jobs.cpp (job life cycles and policies), engine_llm.cpp (LLM serving) and
// engine_finish.cpp (summaries).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "network/router.hpp"
#include "power/battery.hpp"
#include "schedule/policy.hpp"
#include "sim/engine.hpp"
#include "sim/internal/events.hpp"
#include "sim/internal/fault_state.hpp"
#include "sim/internal/model_state.hpp"
#include "sim/live.hpp"
#include "sim/llm_serving.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {

using access::NodeIndex;
inline constexpr uint32_t kNoNode = UINT32_MAX;
inline constexpr Instant kNever = Instant::from_unix_ns(INT64_MAX);
inline constexpr uint64_t kNoWork = UINT64_MAX;

using WorkWhat =
    std::variant<workload::EoTaskSpec, workload::ComputeJobSpec, workload::LlmQuerySpec>;

// One submission: a scenario work item (pointing into the world) or work submitted at run
// time (pointing into State::submitted_specs / the opportunity cache).
struct Work {
  workload::WorkItem item;  // arrival, capture_by, deadline, station, sizes, tenant
  std::string_view workload;
  const WorkWhat* what = nullptr;
  const std::vector<access::CaptureOpportunity>* opportunities = nullptr;  // EO tasks
  std::optional<uint64_t> job;                                             // once arrived
  bool cancelled = false;
  bool observed = false;  // its transitions go to the observer
};

// One step of a job's timeline, compactly (JobTransition is the public form).
struct Step {
  Instant at;
  JobStage stage = JobStage::kAccepted;
  int32_t satellite = kGround;
  int32_t station = -1;
};

enum class Stage : uint8_t {
  kWaiting,    // before capture or submission
  kUplinking,  // input bundles on their way to `target`
  kQueued,     // input at the processor, waiting for the accelerator
  kComputing,
  kDownlinking,  // result bundles on their way to the ground
  kOnGround,     // processed on the ground
  kDone,
};

// What happens to a job's bundles when they all arrive.
enum class Leg : uint8_t { kToProcessor, kToGround };

struct Job {
  JobRecord record;
  Stage stage = Stage::kWaiting;
  Leg leg = Leg::kToProcessor;
  bool processed_on_ground = false;     // bent-pipe: raw data down, processed there
  bool computed_in_orbit = false;       // the result exists (what goes down is the result)
  NodeIndex holder = kNoNode;           // satellite holding the input
  NodeIndex target = kNoNode;           // where the current leg's bundles go
  std::vector<NodeIndex> destinations;  // stations the result may land at
  uint32_t bundles_pending = 0;
  double held_bytes = 0.0;         // input waiting at the processor
  double compute_s = 0.0;          // accelerator time the job needs in all
  double remaining_s = 0.0;        // of it, still to run
  int llm_server = -1;             // LLM queries: which server answers
  double busy_w = 0.0;             // accelerator power while it runs (all its hosts)
  access::LatLon capture_centre;   // EO tasks: what the capture will image
  std::vector<uint64_t> stranded;  // bundles with no route left, still in a store
  uint64_t work = kNoWork;         // submission it came from (none for systematic scenes)
  std::vector<Step> timeline;
  bool quota_charged = false;  // its operations count against its tenant's quota
  // Resilience (engine_faults.cpp): checkpoints, redundant runs, upset results.
  double checkpoint_s = 0.0;  // 0: a rerun starts from the beginning
  int redundancy = 1;
  bool redundancy_applied = false;
  bool corrupt = false;         // an upset hit its computation, undetected so far
  NodeIndex kept_at = kNoNode;  // where its input is kept until the result is verified
  double kept_bytes = 0.0;
  int user_model = -1;  // EO work naming `user/NAME`: index into ModelState::models
  double tiles = 0.0;   // of it, image tiles the model runs on
};

struct Bundle {
  uint64_t job = 0;
  uint64_t bytes = 0;
  NodeIndex node = 0;  // where it is (or is going while in flight)
  NodeIndex sender = kNoNode;
  bool downlink = false;
  bool stranded = false;  // no route left in the window: waits in the store it is in
  std::vector<network::ContactIndex> planned;  // the rest of the route it is following
  // The hop it is on (while sender != kNoNode): a fault on it takes the bundle back into the
  // sender's custody and `epoch` invalidates the hop's pending events.
  network::ContactIndex hop = 0;
  uint32_t epoch = 0;
  enum class Phase : uint8_t { kBooked, kTransmitting, kSent } phase = Phase::kBooked;
  uint32_t transfer = kNoTransfer;  // a model's bytes (ModelState::transfers), not a job's
};

struct SatState {
  explicit SatState(const power::PowerSpec& spec) : battery(spec) {}
  power::Battery battery;
  Instant power_time;  // battery advanced up to here
  double illumination = 1.0;
  int lasers_up = 0;
  int transmitting = 0;
  uint64_t power_epoch = 0;         // invalidates stale battery events
  uint64_t compute_epoch = 0;       // invalidates stale compute-done events
  std::optional<uint64_t> running;  // job on the accelerator
  Instant run_started;
  std::deque<uint64_t> queue;
  double queued_s = 0.0;         // accelerator seconds waiting in the queue
  std::vector<double> served_s;  // per tenant: accelerator seconds it has had here
  bool shed = false;             // battery at minimum: accelerator off until recovered
  double stored_bytes = 0.0;
  Instant radio_free;  // downlink transmitter free from here
  SatelliteTotals totals;
  EnergyLedger energy;
};

// A language model in service: its serving groups (replicas, or one pipeline).
struct LlmServer {
  std::string model;  // catalogue id
  std::vector<ServingGroup> groups;
  uint64_t epoch = 0;  // invalidates stale re-placement events
  size_t replacements = 0;
  const ServingGroup* group_at(NodeIndex entry) const {
    for (const auto& g : groups) {
      if (g.hosts.front() == entry) return &g;
    }
    return nullptr;
  }
  std::vector<NodeIndex> entries() const {
    std::vector<NodeIndex> out;
    for (const auto& g : groups) out.push_back(g.hosts.front());
    return out;
  }
};

class State {
 public:
  State(const World& world, const schedule::Policy& policy, EngineOptions options);

  // engine.cpp
  void push(Instant t, events::Payload what);  // at t, or now if t is earlier
  void advance_to(Instant t);
  bool advance_to(Instant t, uint64_t max_events);  // engine_live.cpp
  void dispatch(const Event& e);
  void sample();

  // engine_power.cpp
  void update_power(uint32_t sat);  // advance the battery to `now`
  double load_w(uint32_t sat) const;
  void power_changed(uint32_t sat);  // re-plan battery events after a load/sunlight change
  void on_illumination(uint32_t sat, size_t index);
  void on_battery_low(uint32_t sat, uint64_t epoch);
  void on_battery_recovered(uint32_t sat, uint64_t epoch);
  bool energy_allows(uint32_t sat, double seconds) const;

  // engine_compute.cpp
  void enqueue_compute(uint32_t sat, uint64_t job);
  void try_start_compute(uint32_t sat);
  std::deque<uint64_t>::iterator next_to_run(SatState& s);
  bool charge_quota(Job& job);
  void on_compute_done(uint32_t sat, uint64_t epoch);
  Instant predicted_free(uint32_t sat) const;
  uint64_t stop_accelerator(uint32_t sat);
  double seconds_on(uint32_t sat, double operations) const;

  // engine_transfer.cpp
  void send_bundles(uint64_t job, NodeIndex from, double bytes);
  void send(uint64_t bundle);
  bool try_hop(uint64_t bundle, network::ContactIndex c);
  bool take_route(uint64_t bundle, std::span<const network::ContactIndex> contacts);
  void radio_or_antenna_booked(NodeIndex sat, NodeIndex station);
  void shrink_residuals(const std::vector<network::ContactIndex>& contacts, Instant busy_until);
  void on_tx_start(uint64_t bundle);
  void on_tx_done(uint64_t bundle);
  void on_bundle_arrival(uint64_t bundle);
  std::optional<network::Route> route_for(const Bundle& b, const Job& job);
  bool add_storage(NodeIndex sat, double bytes);
  uint64_t bundle_limit(NodeIndex from) const {
    return world.is_station(from) ? kMaxGroundBundleBytes : kMaxSpaceBundleBytes;
  }

  // engine_jobs.cpp
  void on_item_arrival(uint64_t item);
  void on_capture(uint64_t job);
  bool schedule_capture(uint64_t job, Instant after);
  void on_scene(uint64_t scene);
  void decide_processing(uint64_t job);
  std::vector<schedule::Candidate> candidates(const Job& job);
  std::vector<NodeIndex> any_target(const Job& job) const;
  std::optional<Instant> laser_transfer(NodeIndex holder, NodeIndex n, double bytes) const;
  void start_leg(uint64_t job, Leg leg, NodeIndex from, NodeIndex target);
  void leg_complete(uint64_t job);
  void computed(uint64_t job);
  void deliver(uint64_t job, NodeIndex station);
  void drop(uint64_t job, DropReason reason);
  DropReason no_route_reason(const Job& job) const;
  uint64_t new_job(JobRecord record);
  std::vector<NodeIndex> delivery_stations(const workload::Delivery& d,
                                           const std::string& from_station) const;

  // engine_decisions.cpp
  schedule::Decision decide_at_station() const;
  schedule::Decision decide_on_satellite(uint64_t job);

  // engine_llm.cpp
  void init_llm_servers();
  void add_llm_server(const std::string& model);
  bool serves_in_orbit() const;
  void place_llm(size_t server, std::span<const uint32_t> excluded);
  void on_llm_replace(size_t server, uint64_t epoch);
  bool host_failing(uint32_t sat) const;
  std::vector<uint64_t> take_llm_sessions(uint32_t sat, size_t server);
  int llm_server_for(const std::string& model) const;
  void check_llm_hosts(uint32_t sat);
  void start_llm_query(uint64_t job, NodeIndex from);
  void llm_query_arrived(uint64_t job);

  // engine_faults.cpp
  void init_fault_state();  // every element up, nothing blocked
  void init_faults();       // that, then the scenario's faults and those its rates draw
  Status inject(const scenario::Fault& f);
  void schedule_fault(scenario::Fault f);
  void on_fault_start(size_t index);
  void on_fault_end(size_t index);
  std::vector<network::ContactIndex> contacts_hit(const scenario::Fault& f) const;
  void block_contacts(const std::vector<network::ContactIndex>& contacts);
  void unblock_contacts(const std::vector<network::ContactIndex>& contacts);
  void take_back_bundles(const std::vector<network::ContactIndex>& contacts);
  void take_back(uint64_t bundle);
  void satellite_down(uint32_t sat, bool store_lost, DropReason reason);
  void satellite_up(uint32_t sat);
  void interrupt_compute(uint32_t sat);
  void drop_jobs_on(uint32_t sat, DropReason reason);
  void retry_stranded();
  bool is_down(NodeIndex node) const { return faults.is_down(node); }
  bool can_compute(uint32_t sat) const { return faults.can_compute(sat); }
  void capture_missed_by_fault(uint64_t job);
  void apply_resilience(uint64_t job);
  bool upset_during(uint64_t job, uint32_t sat);
  bool keep_input_for_check(uint64_t job, uint32_t sat);
  bool verify_on_delivery(uint64_t job);
  void free_kept_input(Job& job, bool lost);
  // engine_models.cpp
  void init_models();
  std::optional<uint32_t> user_model_index(std::string_view model_id) const;
  Result<int> add_model_version(const std::string& name, model::Precision precision,
                                const scenario::ModelVersionSpec& version);
  Result<uint64_t> request_deployment(uint32_t model, int version, bool rollback,
                                      std::vector<uint32_t> satellites, Instant at);
  void on_model_deploy(uint64_t deployment);
  void plan_transfers(uint32_t model, int version);
  void start_transfer(uint32_t transfer, NodeIndex source);
  void send_model_bundle(uint64_t bundle);
  void on_model_bundle_arrival(uint64_t bundle);
  void model_bundle_lost(uint64_t bundle);
  void install(uint32_t transfer);
  void activate(uint32_t model, uint32_t sat, int version);
  void set_user_model_cost(Job& job, const std::string& model_id);
  bool runnable_on(uint32_t sat, const Job& job) const;
  void start_model_version(uint32_t sat, uint64_t job);
  double job_seconds_on(uint32_t sat, const Job& job) const;
  ModelRunRecord model_results() const;

  // engine_finish.cpp
  PolicyRun finish();

  // engine_live.cpp
  Result<SubmissionId> submit(Submission s);
  SubmissionId add_work(Work w, uint64_t order);
  bool cancel(SubmissionId id);
  JobView view(SubmissionId id) const;
  JobView view_of_job(uint64_t job) const;
  Result<uint32_t> add_tenant(workload::TenantSpec tenant);
  EngineSnapshot snapshot() const;
  // Moves a job to a new stage at now (asserting the move is one its life allows), records
  // it in the timeline and tells the observer.
  void set_stage(uint64_t job, Stage stage, int satellite = kGround, int station = -1);
  JobStage public_stage(const Job& job) const;
  const std::vector<access::CaptureOpportunity>& opportunities_for(const workload::Area& target);

  const World& world;
  const schedule::Policy& policy;
  network::Router router;
  Instant now;
  uint64_t events = 0;
  uint64_t sequence = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue;
  std::vector<Job> jobs;
  std::vector<Bundle> bundles;
  std::vector<SatState> sats;
  std::vector<workload::TenantSpec> tenants;  // the scenario's, then those added at run time
  std::deque<Work> works;                     // submissions, by SubmissionId
  std::deque<WorkWhat> submitted_specs;       // what runtime submissions point at
  std::deque<std::string> submitted_names;    // their workload names
  struct TenantCounts {
    size_t submitted = 0;  // jobs arrived
    size_t active = 0;
    size_t delivered = 0;
    size_t dropped = 0;
    double downlink_bytes = 0.0;
  };
  std::vector<TenantCounts> tenant_counts;  // per tenant, kept as jobs move
  // Capture opportunities of targets submitted at run time, by target (vertices).
  std::map<std::vector<std::pair<double, double>>, std::vector<access::CaptureOpportunity>>
      opportunity_cache;
  JobObserver observer;
  bool observe_all = false;
  std::vector<double> quota_used_ops;  // per tenant, in the current quota day
  int64_t quota_day = 0;               // days since the window start
  std::vector<uint64_t> residual;      // per contact: bytes it can still carry
  std::vector<Instant> contact_free;   // per contact: busy until
  // Downlink contacts by sending satellite and by receiving station, sorted by start.
  std::vector<std::vector<network::ContactIndex>> downlinks_from;
  std::vector<std::vector<network::ContactIndex>> downlinks_to;
  // Per node: 1 for stations off the ground network, which end or start routes but do not
  // relay (World::no_transit_nodes).
  std::vector<uint8_t> no_transit;
  std::vector<std::vector<Instant>> antenna_free;  // per station, per antenna
  std::vector<double> station_downlink_bytes;      // per station: booked downlinks so far
  std::vector<LlmServer> llm_servers;
  // The last route found from each node to each destination (a station set or a satellite),
  // with the arrival it promised: reused while it still arrives then (routes_for in
  // engine_transfer.cpp says why that is exact).
  struct KnownRoute {
    std::vector<NodeIndex> destinations;
    std::vector<network::ContactIndex> contacts;
    Instant arrival;
  };
  std::map<std::pair<NodeIndex, uint64_t>, KnownRoute> known_routes;
  std::optional<std::vector<network::ContactIndex>> known_route(const Bundle& b, const Job& job);
  std::optional<Instant> known_arrival(NodeIndex from, const std::vector<NodeIndex>& destinations,
                                       const network::RouteQuery& query) const;
  void remember_route(const Bundle& b, const Job& job, const network::Route& route);
  std::vector<CaptureRecord> captures;
  std::vector<SatelliteSample> samples;
  ByteLedger ledger;
  std::vector<EnergyLedger> energy;
  FaultState faults;
  ModelState model_state;
};

}  // namespace lagrange::sim
