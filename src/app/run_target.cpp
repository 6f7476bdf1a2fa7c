#include "app/run_target.hpp"

#include <cmath>
#include <filesystem>

#include "common/number_text.hpp"
#include "store/database.hpp"
#include "store/scenario_tables.hpp"

namespace planwise::app {

Result<RunTarget> run_target_for_scenario(store::Database* db, const std::string& scenario) {
  if (db == nullptr) return RunTarget{};
  auto settings = store::scenario_settings(*db, scenario);
  if (!settings) return std::move(settings).error();
  return RunTarget{settings->target.growth, settings->target.tolerance, settings->target.metric};
}

Result<RunTarget> requested_or_stored_target(const std::optional<RunTarget>& requested,
                                             const std::optional<std::string>& db_path,
                                             const std::string& scenario) {
  if (requested) {
    PLANWISE_RETURN_IF_ERROR(check_run_target(*requested));
    return *requested;
  }
  if (!db_path || !std::filesystem::exists(*db_path)) return RunTarget{};
  auto db = store::Database::open(*db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  return run_target_for_scenario(db->get(), scenario);
}

Status check_run_target(const RunTarget& t) {
  auto bad = [](const char* field, const std::string& value, const std::string& message) {
    return Error::invalid_input("request", 0, field, "target_range", value, message);
  };
  if (!std::isfinite(t.growth) || t.growth <= -1.0 || t.growth >= 1.0)
    return bad("target.growth", shortest_text(t.growth),
               "target.growth must be a fraction between -1 and 1 (0.02 is 2%)");
  if (!std::isfinite(t.tolerance) || t.tolerance < 0.0 || t.tolerance >= 1.0)
    return bad("target.tolerance", shortest_text(t.tolerance),
               "target.tolerance must be a fraction from 0 to 1 (0.001 is 0.1 point)");
  if (t.metric != "mean" && t.metric != "final")
    return bad("target.metric", t.metric, "target.metric must be mean or final");
  return Status::success();
}

}  // namespace planwise::app
