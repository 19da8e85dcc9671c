#include "service/store.hpp"

#include <fmt/format.h>

namespace lagrange::service {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (
  name TEXT PRIMARY KEY, weight REAL NOT NULL, ops_per_day REAL NOT NULL,
  downlink_bytes_per_day REAL NOT NULL, requests_per_s REAL NOT NULL,
  key_hash TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, engine_now INTEGER NOT NULL,
  tenant TEXT NOT NULL, at INTEGER NOT NULL, submission INTEGER NOT NULL,
  idempotency_key TEXT, body_hash TEXT NOT NULL, request TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS journal_idempotency
  ON journal (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
)sql";

// A prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return stmt_ != nullptr; }
  sqlite3_stmt* get() { return stmt_; }
  void text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void text_or_null(int i, const std::string& s) {
    if (s.empty())
      sqlite3_bind_null(stmt_, i);
    else
      text(i, s);
  }
  void real(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void integer(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  std::string column_text(int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, i));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Error db_error(sqlite3* db, std::string_view what) {
  return Error{fmt::format("lagrange.db: {}: {}", what, sqlite3_errmsg(db))};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& dir, Options options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Error{
        fmt::format("{}: cannot create the data directory: {}", dir.string(), ec.message())};
  const auto path = dir / "lagrange.db";
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    Error e{fmt::format("{}: cannot open: {}", path.string(), sqlite3_errmsg(db))};
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<Store> store(new Store(db));
  if (auto s = store->exec("PRAGMA journal_mode=WAL;"); !s) return s.error();
  if (auto s = store->exec(options.durable_fsync ? "PRAGMA synchronous=FULL;"
                                                 : "PRAGMA synchronous=NORMAL;");
      !s) {
    return s.error();
  }
  if (auto s = store->exec(kSchema); !s) return s.error();
  return store;
}

Store::~Store() {
  sqlite3_close(db_);
}

Status Store::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Error e{fmt::format("lagrange.db: {}", message != nullptr ? message : "error")};
    sqlite3_free(message);
    return e;
  }
  return ok_status();
}

std::optional<std::string> Store::setting(const std::string& key) {
  Statement st(db_, "SELECT value FROM settings WHERE key = ?");
  if (!st.ok()) return std::nullopt;
  st.text(1, key);
  if (sqlite3_step(st.get()) != SQLITE_ROW) return std::nullopt;
  return st.column_text(0);
}

Status Store::set_setting(const std::string& key, const std::string& value) {
  Statement st(db_, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  if (!st.ok()) return db_error(db_, "settings");
  st.text(1, key);
  st.text(2, value);
  if (sqlite3_step(st.get()) != SQLITE_DONE) return db_error(db_, "settings");
  return ok_status();
}

Result<std::vector<TenantRow>> Store::tenants() {
  Statement st(db_,
               "SELECT name, weight, ops_per_day, downlink_bytes_per_day, requests_per_s, "
               "key_hash FROM tenants ORDER BY name");
  if (!st.ok()) return db_error(db_, "tenants");
  std::vector<TenantRow> out;
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    TenantRow t;
    t.name = st.column_text(0);
    t.weight = sqlite3_column_double(st.get(), 1);
    t.quotas.ops_per_day = sqlite3_column_double(st.get(), 2);
    t.quotas.downlink_bytes_per_day = sqlite3_column_double(st.get(), 3);
    t.quotas.requests_per_s = sqlite3_column_double(st.get(), 4);
    t.key_hash = st.column_text(5);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<JournalRow>> Store::journal() {
  Statement st(db_,
               "SELECT seq, kind, engine_now, tenant, at, submission, idempotency_key, "
               "body_hash, request FROM journal ORDER BY seq");
  if (!st.ok()) return db_error(db_, "journal");
  std::vector<JournalRow> out;
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    JournalRow r;
    r.seq = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 0));
    r.kind = static_cast<JournalKind>(sqlite3_column_int(st.get(), 1));
    r.engine_now = Instant::from_unix_ns(sqlite3_column_int64(st.get(), 2));
    r.tenant = st.column_text(3);
    r.at = Instant::from_unix_ns(sqlite3_column_int64(st.get(), 4));
    r.submission = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 5));
    r.idempotency_key = st.column_text(6);
    r.body_hash = st.column_text(7);
    r.request = st.column_text(8);
    out.push_back(std::move(r));
  }
  return out;
}

Status Store::commit(std::span<const TenantRow> new_tenants, std::span<const JournalRow> rows) {
  if (new_tenants.empty() && rows.empty()) return ok_status();
  if (auto s = exec("BEGIN IMMEDIATE;"); !s) return s;
  auto fail = [this](std::string_view what) {
    Error e = db_error(db_, what);
    (void)exec("ROLLBACK;");
    return e;
  };
  {
    Statement st(db_,
                 "INSERT INTO tenants (name, weight, ops_per_day, downlink_bytes_per_day, "
                 "requests_per_s, key_hash) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return fail("tenants");
    for (const auto& t : new_tenants) {
      sqlite3_reset(st.get());
      st.text(1, t.name);
      st.real(2, t.weight);
      st.real(3, t.quotas.ops_per_day);
      st.real(4, t.quotas.downlink_bytes_per_day);
      st.real(5, t.quotas.requests_per_s);
      st.text(6, t.key_hash);
      if (sqlite3_step(st.get()) != SQLITE_DONE) return fail("insert tenant");
    }
  }
  {
    Statement st(db_,
                 "INSERT INTO journal (seq, kind, engine_now, tenant, at, submission, "
                 "idempotency_key, body_hash, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return fail("journal");
    for (const auto& r : rows) {
      sqlite3_reset(st.get());
      st.integer(1, static_cast<int64_t>(r.seq));
      st.integer(2, static_cast<int>(r.kind));
      st.integer(3, r.engine_now.unix_ns());
      st.text(4, r.tenant);
      st.integer(5, r.at.unix_ns());
      st.integer(6, static_cast<int64_t>(r.submission));
      st.text_or_null(7, r.idempotency_key);
      st.text(8, r.body_hash);
      st.text(9, r.request);
      if (sqlite3_step(st.get()) != SQLITE_DONE) return fail("insert journal row");
    }
  }
  if (auto s = exec("COMMIT;"); !s) {
    (void)exec("ROLLBACK;");
    return s;
  }
  return ok_status();
}

}  // namespace lagrange::service
