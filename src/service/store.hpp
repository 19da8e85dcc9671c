// The service's durable state: one SQLite database (DIR/lagrange.db, WAL mode) holding the
// tenants (name, weight, quotas, SHA-256 of the key), the journal of everything that changed
// the engine (tenants added, submissions accepted with their idempotency key and full
// request, cancellations, virtual-clock moves) in sequence order, and a few settings.
//
// The engine is a deterministic function of the journal: replaying its rows in sequence
// order, each at its recorded engine time, rebuilds the same run (service.hpp). `commit`
// writes a batch of rows in one transaction; when it returns OK the rows survive a kill -9
// (synchronous=NORMAL in WAL mode: the process may die at any point; a power cut may lose
// the last transactions, which `durable_fsync` closes at the cost of one fsync per batch).
//
// Not thread-safe: one owner (the engine thread) after opening.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::service {

struct TenantQuotas {
  double ops_per_day = 0.0;             // 0: unlimited (the engine's quota_ops_per_day)
  double downlink_bytes_per_day = 0.0;  // 0: unlimited
  double requests_per_s = 0.0;          // 0: the service default
};

struct TenantRow {
  std::string name;
  double weight = 1.0;
  TenantQuotas quotas;
  std::string key_hash;  // sha256_hex of the API key
};

enum class JournalKind : uint8_t {
  kTenant = 1,
  kSubmit = 2,
  kCancel = 3,
  kClock = 4,
  kFault = 5,
  kModel = 6,
  kDeploy = 7
};

struct JournalRow {
  uint64_t seq = 0;  // 1, 2, ... with no gaps
  JournalKind kind = JournalKind::kSubmit;
  Instant engine_now;           // the engine's now() when the row was applied
  std::string tenant;           // the tenant it belongs to (kTenant: the one added)
  Instant at;                   // kSubmit: arrival asked of the engine; kClock: the target
  uint64_t submission = 0;      // kSubmit: the engine's id given; kCancel: the id cancelled
  std::string idempotency_key;  // kSubmit, may be empty
  std::string body_hash;        // kSubmit: sha256_hex of the request body
  std::string request;  // kSubmit, kFault: the request body as received; kModel, kDeploy: JSON
};

class Store {
 public:
  struct Options {
    bool durable_fsync = false;  // synchronous=FULL instead of NORMAL
  };
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir, Options options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  std::optional<std::string> setting(const std::string& key);
  Status set_setting(const std::string& key, const std::string& value);

  Result<std::vector<TenantRow>> tenants();
  Result<std::vector<JournalRow>> journal();  // in sequence order

  // One transaction: the new tenants, then the rows. All or nothing.
  Status commit(std::span<const TenantRow> new_tenants, std::span<const JournalRow> rows);

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  Status exec(const char* sql);
  sqlite3* db_;
};

}  // namespace lagrange::service
