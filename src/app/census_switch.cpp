// Issue 14 item 1: the dashboard's census and its audited switches.
#include "app/census_switch.hpp"

#include "app/run_manifest.hpp"
#include "io/file_hash.hpp"
#include "levers/audit_trail.hpp"
#include "store/transaction.hpp"

namespace planwise::app {

namespace {

std::string described(const CensusChoice& c) {
  return (c.stored ? "stored census " : "configured census ") + c.name + " (" +
         c.sha256.substr(0, 12) + ")";
}

}  // namespace

CensusChoice configured_census(const InputRequest& inputs) {
  std::filesystem::path path;
  if (inputs.census_path) {
    path = *inputs.census_path;
  } else if (auto setup = load_config_and_seeds(inputs)) {
    path = setup->config.census_path;
  }
  auto sha = io::sha256_file(path);
  return CensusChoice{sha ? *sha : "", path.filename().string(), path, false};
}

Status record_census_switch(const std::string& db_path, const std::string& actor,
                            const CensusChoice& from, const CensusChoice& to) {
  auto db = store::Database::open(db_path, store::OpenMode::kReadWrite);
  if (!db) return std::move(db).error();
  auto tx = store::Transaction::begin(**db);
  if (!tx) return std::move(tx).error();
  store::AuditRow row;
  row.occurred_at = utc_now_iso();
  row.event_type = kCensusSwitched;
  row.actor = actor;
  row.reason = "the dashboard's census switched";
  row.details = "from " + described(from) + " to " + described(to) + "; to sha256 " + to.sha256;
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(**db, {row}));
  return tx->commit();
}

}  // namespace planwise::app
