#include "app/lever_workspace.hpp"

#include <filesystem>

#include "app/lever_commands.hpp"
#include "app/run_manifest.hpp"
#include "io/lever_csv_reader.hpp"

namespace planwise::app {

levers::ChangeContext LeverWorkspace::context(const std::string& actor, const std::string& reason) {
  return {actor.empty() ? "analyst" : actor, reason, utc_now_iso()};
}

Result<std::unique_ptr<LeverWorkspace>> LeverWorkspace::open(const LeverTarget& target) {
  return open(target.inputs, target.db_path);
}

Result<std::unique_ptr<LeverWorkspace>> LeverWorkspace::open(const InputRequest& inputs,
                                                             const std::string& db_path,
                                                             int db_threads) {
  std::unique_ptr<LeverWorkspace> ws(new LeverWorkspace());
  auto setup = load_config_and_seeds(inputs);
  if (!setup) return std::move(setup).error();
  ws->setup_ = std::move(setup).value();
  auto db = store::Database::open(db_path, store::OpenMode::kReadWrite, db_threads);
  if (!db) return std::move(db).error();
  ws->db_ = std::move(db).value();
  ws->levers_ = std::make_unique<levers::LeverStore>(*ws->db_, ws->setup_.seeds);
  const std::filesystem::path bundled = ws->setup_.config.seeds_dir / "comp_levers.csv";
  auto existing = store::find_scenario_link(*ws->db_, levers::kDefaultScenario);
  if (!existing) return std::move(existing).error();
  if (!*existing) {
    auto file = io::read_lever_csv(bundled, ws->setup_.seeds.level_count());
    if (!file) return std::move(file).error();
    PLANWISE_RETURN_IF_ERROR(ws->levers_->seed_default_if_empty(file->rows, bundled.string(),
                                                                context("system", "new database")));
  }
  return ws;
}

Result<LeverRowsSource> LeverWorkspace::lever_source(const std::string& scenario) {
  auto rows = levers_->resolution_rows(scenario);
  if (!rows) return std::move(rows).error();
  return LeverRowsSource{std::move(rows).value(),
                         "lever store " + db_->path() + ", scenario " + scenario};
}

Result<LeverRowsSource> read_store_levers(const InputRequest& inputs, const std::string& db_path,
                                          const std::string& scenario) {
  auto setup = load_config_and_seeds(inputs);
  if (!setup) return std::move(setup).error();
  bool seeded = false;
  std::unique_ptr<store::Database> db;
  if (std::filesystem::exists(db_path)) {
    auto opened = store::Database::open(db_path, store::OpenMode::kReadOnly);
    if (!opened) return std::move(opened).error();
    db = std::move(opened).value();
    auto found = store::find_scenario_link(*db, levers::kDefaultScenario);
    if (!found) return std::move(found).error();
    seeded = found->has_value();
  }
  if (seeded) {
    levers::LeverStore store(*db, setup->seeds);
    auto rows = store.resolution_rows(scenario);
    if (!rows) return std::move(rows).error();
    return LeverRowsSource{std::move(rows).value(),
                           "lever store " + db_path + ", scenario " + scenario};
  }
  if (scenario != levers::kDefaultScenario) {
    return Error::make(ErrorKind::kNotFound,
                       "no lever scenario named '" + scenario + "' in " + db_path +
                           " (a new database holds only 'default'; create it with "
                           "`planwise scenario create`)");
  }
  const std::filesystem::path bundled = setup->config.seeds_dir / "comp_levers.csv";
  auto file = io::read_lever_csv(bundled, setup->seeds.level_count());
  if (!file) return std::move(file).error();
  std::vector<engine::LeverRow> rows;
  for (const engine::LeverRow& r : file->rows) {
    if (r.scenario_id == levers::kDefaultScenario) rows.push_back(r);
  }
  return LeverRowsSource{std::move(rows), "lever store " + db_path + ", scenario " + scenario};
}

Result<LoadedInputs> LeverWorkspace::load_with_levers(const InputRequest& inputs,
                                                      const std::string& scenario) {
  auto source = lever_source(scenario);
  if (!source) return std::move(source).error();
  InputRequest request = inputs;
  request.scenario = scenario;
  request.lever_rows = std::move(source).value();
  return load_inputs(request);
}

}  // namespace planwise::app
