#include "app/run_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/lever_workspace.hpp"
#include "app/run_levers.hpp"
#include "app/run_manifest.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "io/csv_export.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_validation.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

using Clock = std::chrono::steady_clock;

// Hands each year to every writer, times it, reports progress and stops at
// the next year boundary when the caller cancels.
class YearFanout final : public engine::YearSink {
 public:
  YearFanout(const RunCallbacks& callbacks, int start_year, int end_year)
      : callbacks_(callbacks), start_year_(start_year), end_year_(end_year) {}
  void add(engine::YearSink* sink) {
    if (sink != nullptr) sinks_.push_back(sink);
  }
  Status on_year(const engine::YearOutput& year) override {
    for (engine::YearSink* sink : sinks_) PLANWISE_RETURN_IF_ERROR(sink->on_year(year));
    const double elapsed = ms_since(last_);
    last_ = Clock::now();
    year_ms_.emplace_back(year.summary.year, elapsed);
    if (callbacks_.on_year)
      callbacks_.on_year({year.summary.year, start_year_, end_year_, year.summary, elapsed});
    if (callbacks_.cancelled && callbacks_.cancelled() && year.summary.year < end_year_) {
      return Error::make(
          ErrorKind::kCancelled,
          "run cancelled after year " + std::to_string(year.summary.year) + "; nothing was stored");
    }
    return Status::success();
  }
  void start_clock() { last_ = Clock::now(); }
  const std::vector<std::pair<int, double>>& year_ms() const { return year_ms_; }

 private:
  const RunCallbacks& callbacks_;
  int start_year_;
  int end_year_;
  std::vector<engine::YearSink*> sinks_;
  Clock::time_point last_ = Clock::now();
  std::vector<std::pair<int, double>> year_ms_;
};

// "2030,2031" (runs.carried_lever_years).
std::string years_text(const std::vector<int>& years) {
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ",") + std::to_string(y);
  return out;
}

// What the audit entry adds for a what-if or extended run (issue 10 item 6).
std::string provenance_note(const SimulateOutcome& o) {
  std::string out;
  if (!o.lever_overrides.empty())
    out += ", what-if with " + std::to_string(o.lever_overrides.size()) + " lever overrides";
  if (!o.carried_lever_years.empty())
    out += ", levers carried forward to " + years_text(o.carried_lever_years);
  return out;
}

// The request's target and the run's lever rows (into `inputs`), checked
// before anything is written.
Result<RunLevers> checked_levers(const SimulateRequest& request, InputRequest& inputs,
                                 LeverWorkspace* workspace = nullptr) {
  if (request.target) PLANWISE_RETURN_IF_ERROR(check_run_target(*request.target));
  return prepare_run_levers(
      inputs, {request.db_path, request.lever_overrides, request.extend_levers, workspace});
}

// Issue 13 item 4 (docs/model.md §7.0, "What writing a run costs"): a
// process that opens the store to write a run gives DuckDB one thread. Its
// share of the run (appends, then compression and the checkpoint) runs on
// the calling thread anyway; a second DuckDB thread mostly polled for tasks
// beside the engine's own threads, and cost 0.2-0.7 s of CPU per run on the
// 2-core machine. A server's instance is already open and keeps its threads.
constexpr int kRunStoreThreads = 1;

// The run store with its lever scenarios, which exist from the first write on.
Result<std::unique_ptr<LeverWorkspace>> open_workspace(const SimulateRequest& request,
                                                       const InputRequest& inputs,
                                                       const RunCallbacks& callbacks) {
  callbacks.stage("opening run store " + *request.db_path);
  return LeverWorkspace::open(inputs, *request.db_path, kRunStoreThreads);
}

// Issue 13 item 3: every run that is stored or exported is fully checked.
Status check_checks_level(const SimulateRequest& request) {
  if (request.checks != engine::ChecksLevel::kFinal || (!request.db_path && !request.export_dir))
    return Status::success();
  return Error::invalid_input("", 0, "--checks", "full_checks_when_kept", "final",
                              "checks final re-derives the last year only and is for runs that "
                              "are not kept: a stored or exported run is always fully checked "
                              "(use --no-db and no --export, or checks full)");
}

engine::ValidationItems warnings_of(const engine::ValidationItems& load,
                                    const engine::ValidationItems& run) {
  engine::ValidationItems out = load;
  for (const engine::ValidationItem& item : run) {
    if (item.status == engine::CheckStatus::kWarn) out.push_back(item);
  }
  return out;
}

}  // namespace

std::string new_run_id() {
  std::string stamp = utc_now_iso();  // 2026-11-27T12:46:27Z
  std::string compact;
  for (char c : stamp) {
    if (c != '-' && c != ':') compact.push_back(c);
  }
  std::random_device device;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string suffix;
  for (int i = 0; i < 6; ++i) suffix.push_back("0123456789abcdef"[hex(device)]);
  return "run_" + compact + "_" + suffix;
}

std::string new_optimization_id() {
  return "opt" + new_run_id().substr(3);
}

Status validate_simulate_request(const SimulateRequest& request) {
  PLANWISE_RETURN_IF_ERROR(check_checks_level(request));
  InputRequest inputs = request.inputs;
  auto run_levers = checked_levers(request, inputs);
  if (!run_levers) return std::move(run_levers).error();
  return Status::success();
}

Result<SimulateOutcome> run_simulation(const SimulateRequest& request,
                                       const RunCallbacks& callbacks) {
  const Clock::time_point start = Clock::now();
  const std::string started_at = utc_now_iso();
  PLANWISE_RETURN_IF_ERROR(check_checks_level(request));
  InputRequest inputs = request.inputs;
  // Issue 13 item 4: an existing run store is opened once, before its levers
  // are read, so that reading them shares this open instead of opening the
  // file a second time (each open loads the catalogue). A new store is made
  // only once the inputs have loaded (below). Declared before the writer:
  // the writer must go (rolling back) while its database is still open.
  std::unique_ptr<LeverWorkspace> workspace;
  if (request.db_path && std::filesystem::exists(*request.db_path)) {
    // The census is read beside the open unless a cache already holds it.
    std::optional<CensusPrefetch> census;
    if (!inputs.census_cache) census.emplace(inputs);
    auto opened = open_workspace(request, inputs, callbacks);
    if (census) inputs.census_cache = census->wait();
    if (!opened) return std::move(opened).error();
    workspace = std::move(opened).value();
  }
  callbacks.stage("loading inputs");
  auto run_levers = checked_levers(request, inputs, workspace.get());
  if (!run_levers) return std::move(run_levers).error();
  auto loaded = load_inputs(inputs);
  if (!loaded) return std::move(loaded).error();
  LoadedInputs& in = *loaded;
  in.warnings.insert(in.warnings.end(), run_levers->warnings.begin(), run_levers->warnings.end());
  const engine::EngineConfig& cfg = in.config.engine;
  // The lever store's rules hold for every run (issue 3 item 4): an error
  // refuses the run, a warning is recorded with it.
  PLANWISE_RETURN_IF_ERROR(check_and_keep_run_levers(in, "the run is refused: "));

  SimulateOutcome out;
  out.scenario = cfg.scenario_id;
  out.seed = cfg.random_seed;
  out.start_year = cfg.start_year;
  out.end_year = cfg.end_year;
  out.hashes = in.hashes;
  out.lever_overrides = request.lever_overrides;
  out.carried_lever_years = run_levers->carried_years;
  out.load_ms = ms_since(start);

  // Parquet export goes through DuckDB: without a run store, a private
  // in-memory database holds the run until it is copied out.
  const bool parquet = request.export_dir && request.export_format == ExportFormat::kParquet;
  std::optional<std::string> db_path = request.db_path;
  if (!db_path && parquet) db_path = ":memory:";
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::RunWriter> writer;
  std::string run_id = request.run_id.value_or(new_run_id());
  if (db_path) {
    if (request.db_path) {
      if (!workspace) {
        auto opened = open_workspace(request, inputs, callbacks);
        if (!opened) return std::move(opened).error();
        workspace = std::move(opened).value();
      }
    } else {
      callbacks.stage("opening run store " + *db_path);
      auto opened = store::Database::open(*db_path, store::OpenMode::kReadWrite);
      if (!opened) return std::move(opened).error();
      db = std::move(opened).value();
    }
    store::Database& run_db = workspace ? workspace->db() : *db;
    auto begun = store::RunWriter::begin(run_db, run_id, in.config.output_tables);
    if (!begun) return std::move(begun).error();
    writer = std::move(begun).value();
    PLANWISE_RETURN_IF_ERROR(writer->write_inputs(in.census, cfg, in.levers));
  }
  // Issue 10 item 4: the request's target, else the scenario's.
  if (request.target) {
    out.target = *request.target;
  } else {
    auto target = run_target_for_scenario(workspace ? &workspace->db() : nullptr, cfg.scenario_id);
    if (!target) return std::move(target).error();
    out.target = std::move(target).value();
  }
  std::unique_ptr<io::CsvExport> csv;
  if (request.export_dir && !parquet) {
    auto created = io::CsvExport::create(*request.export_dir, in.config.output_tables);
    if (!created) return std::move(created).error();
    csv = std::move(created).value();
    PLANWISE_RETURN_IF_ERROR(csv->write_inputs(in.census, cfg, in.levers));
  }

  YearFanout fanout(callbacks, cfg.start_year, cfg.end_year);
  fanout.add(writer.get());
  fanout.add(csv.get());
  engine::SimulationOptions options;
  options.build_events = (writer || csv) && in.config.wants_table("yearly_events");
  options.checks = request.checks.value_or(engine::ChecksLevel::kFull);
  callbacks.stage("simulating " + std::to_string(cfg.start_year) + "-" +
                  std::to_string(cfg.end_year));
  const Clock::time_point sim_start = Clock::now();
  fanout.start_clock();
  auto simulated = engine::simulate({cfg, in.seeds, in.levers, in.census}, options, &fanout);
  if (!simulated) return std::move(simulated).error();
  out.simulate_ms = ms_since(sim_start);
  out.result = std::move(simulated).value();

  engine::ValidationItems report = in.warnings;
  report.insert(report.end(), out.result.validation.begin(), out.result.validation.end());
  out.warnings = warnings_of(in.warnings, out.result.validation);

  if (writer) {
    callbacks.stage("writing run " + run_id);
    store::RunRecord record;
    record.run_id = run_id;
    record.created_at = started_at;
    record.scenario = cfg.scenario_id;
    record.seed = cfg.random_seed;
    record.start_year = cfg.start_year;
    record.end_year = cfg.end_year;
    record.engine_version = engine::kEngineVersion;
    record.config_path =
        request.inputs.config_path.value_or(request.inputs.data_dir / "simulation_config.yaml")
            .string();
    record.census_path = in.config.census_path.string();
    record.levers_path = in.levers_path.string();
    record.config_sha256 = in.hashes.config;
    record.census_sha256 = in.hashes.census;
    record.levers_sha256 = in.hashes.levers;
    record.seeds_sha256 = in.hashes.seeds;
    record.effective_levers_sha256 = in.hashes.effective_levers;
    record.census_rows = static_cast<std::int64_t>(in.census.census_rows);
    record.baseline_active = out.result.baseline.active;
    record.baseline_avg_salary = out.result.baseline.avg_salary;
    record.warning_count = static_cast<std::int64_t>(out.warnings.size());
    record.load_ms = out.load_ms;
    record.simulate_ms = out.simulate_ms;
    record.total_ms = ms_since(start);
    record.year_ms = year_ms_json(fanout.year_ms());
    record.command = request.command;
    record.what_if = !out.lever_overrides.empty();
    record.lever_overrides = record.what_if ? overrides_json(out.lever_overrides) : "";
    record.carried_lever_years = years_text(out.carried_lever_years);
    record.target_growth = out.target.growth;
    record.target_tolerance = out.target.tolerance;
    record.target_metric = out.target.metric;
    // A stored run is an audited action (issue 3 item 6), committed with it.
    auto audit_run = [&]() -> Status {
      if (!workspace) return Status::success();
      store::AuditRow entry;
      entry.occurred_at = started_at;
      entry.event_type = levers::kSimulationRun;
      entry.scenario_id = cfg.scenario_id;
      entry.actor = request.actor;
      entry.reason = request.command;
      entry.details = "run " + run_id + ", seed " + std::to_string(cfg.random_seed) + ", years " +
                      std::to_string(cfg.start_year) + "-" + std::to_string(cfg.end_year) +
                      ", effective levers sha256 " + in.hashes.effective_levers +
                      provenance_note(out);
      return levers::append_audit(workspace->db(), {entry});
    };
    PLANWISE_RETURN_IF_ERROR(writer->commit(record, report, audit_run));
    if (request.db_path) out.run_id = run_id;
  }

  ManifestData manifest;
  manifest.engine_version = engine::kEngineVersion;
  manifest.started_at = started_at;
  manifest.run_id = out.run_id.value_or("");
  manifest.config_path =
      request.inputs.config_path.value_or(request.inputs.data_dir / "simulation_config.yaml")
          .string();
  manifest.census_path = in.config.census_path.string();
  manifest.levers_path = in.levers_path.string();
  manifest.hashes = in.hashes;
  manifest.year_ms = fanout.year_ms();
  if (csv) {
    callbacks.stage("exporting CSV to " + request.export_dir->string());
    manifest.finished_at = utc_now_iso();
    manifest.total_ms = ms_since(start);
    PLANWISE_RETURN_IF_ERROR(csv->finish(report, {{"run_manifest.json", manifest_json(manifest)}}));
    out.exported = csv->written_files();
  }
  if (parquet) {
    callbacks.stage("exporting Parquet to " + request.export_dir->string());
    std::vector<std::string> tables = in.config.output_tables;
    store::Database& run_db = workspace ? workspace->db() : *db;
    PLANWISE_RETURN_IF_ERROR(store::export_run_parquet(run_db, run_id, request.export_dir->string(),
                                                       tables, store::PersonalData::kFull));
    for (const std::string& t : tables)
      out.exported.push_back(*request.export_dir / (t + ".parquet"));
    manifest.finished_at = utc_now_iso();
    manifest.total_ms = ms_since(start);
    const std::filesystem::path manifest_path = *request.export_dir / "run_manifest.json";
    std::ofstream file(manifest_path, std::ios::binary);
    file << manifest_json(manifest);
    if (!file)
      return Error::make(ErrorKind::kStorage, "writing " + manifest_path.string() + " failed");
    out.exported.push_back(manifest_path);
    if (!request.db_path) PLANWISE_RETURN_IF_ERROR(store::delete_run(run_db, run_id));
  }
  out.total_ms = ms_since(start);
  return out;
}

}  // namespace planwise::app
