#include "app/run_history.hpp"

#include "app/existing_database.hpp"
#include "common/number_text.hpp"

namespace planwise::app {

namespace {
Result<std::unique_ptr<store::Database>> open_existing(const std::string& db_path) {
  return open_existing_database(db_path, store::OpenMode::kReadOnly,
                                "run `planwise simulate` first, or pass --db");
}
}  // namespace

Result<std::vector<store::RunRecord>> list_stored_runs(const std::string& db_path) {
  auto db = open_existing(db_path);
  if (!db) return std::move(db).error();
  return store::list_runs(**db);
}

Result<RunDetails> show_stored_run(const std::string& db_path, const std::string& run_id) {
  auto db = open_existing(db_path);
  if (!db) return std::move(db).error();
  RunDetails details;
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  details.run = std::move(run).value();
  auto years = store::run_table(**db, run_id, "year_summary");
  if (!years) return std::move(years).error();
  details.year_summary = std::move(years).value();
  auto levers = store::run_lever_set(**db, run_id);
  if (!levers) return std::move(levers).error();
  details.effective_parameters = std::move(levers).value();
  auto warnings = store::run_issues(**db, run_id);
  if (!warnings) return std::move(warnings).error();
  details.warnings = std::move(warnings).value();
  auto purge = store::run_purge(**db, run_id);
  if (!purge) return std::move(purge).error();
  details.purge = std::move(purge).value();
  return details;
}

std::vector<int> carried_lever_years(const store::RunRecord& run) {
  std::vector<int> years;
  const std::string& text = run.carried_lever_years;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    if (auto y = parse_int(text.substr(pos, end - pos))) years.push_back(static_cast<int>(*y));
    pos = end + 1;
  }
  return years;
}

std::optional<RunTarget> recorded_target(const store::RunRecord& run) {
  if (!run.target_growth || !run.target_tolerance || !run.target_metric) return std::nullopt;
  return RunTarget{*run.target_growth, *run.target_tolerance, *run.target_metric};
}

}  // namespace planwise::app
