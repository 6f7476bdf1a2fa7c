#include "app/inputs.hpp"

#include <cstdlib>

#include "app/census_file.hpp"
#include "common/number_text.hpp"
#include "io/file_hash.hpp"
#include "io/lever_csv_reader.hpp"
#include "io/seed_reader.hpp"
#include "levers/lever_resolution.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

Error flag_error(const char* flag, const std::string& value, std::string message) {
  return Error::invalid_input("command line", 0, flag, "flag_range", value, std::move(message));
}

Status apply_overrides(const InputRequest& r, io::RunConfig& c) {
  engine::EngineConfig& e = c.engine;
  if (r.start_year) {
    if (*r.start_year < 1900 || *r.start_year > 2200) {
      return flag_error("--start-year", std::to_string(*r.start_year),
                        "expected a year from 1900 to 2200");
    }
    e.start_year = *r.start_year;
  }
  if (r.end_year) {
    if (*r.end_year < 1900 || *r.end_year > 2200) {
      return flag_error("--end-year", std::to_string(*r.end_year),
                        "expected a year from 1900 to 2200");
    }
    e.end_year = *r.end_year;
  }
  if (e.end_year < e.start_year) {
    return flag_error(r.end_year ? "--end-year" : "--start-year",
                      std::to_string(r.end_year ? e.end_year : e.start_year),
                      "the end year " + std::to_string(e.end_year) + " is before the start year " +
                          std::to_string(e.start_year));
  }
  if (e.compensation_basis == engine::CompensationBasis::kPlanYearEarnings &&
      (e.effective_plan_year_end() > dec31(e.start_year - 1) ||
       e.effective_plan_year_start() > e.effective_plan_year_end())) {
    return flag_error(
        "--start-year", std::to_string(e.start_year),
        "the configured plan year must end on or before 31 Dec of the year before the start year");
  }
  if (r.seed) e.random_seed = *r.seed;
  if (r.scenario) {
    if (r.scenario->empty())
      return flag_error("--scenario", "", "the scenario name must not be empty");
    e.scenario_id = *r.scenario;
  }
  if (r.census_path) c.census_path = *r.census_path;
  return Status::success();
}

void append(engine::ValidationItems& to, const engine::ValidationItems& from) {
  to.insert(to.end(), from.begin(), from.end());
}

std::vector<fs::path> seed_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const char* f : io::kSeedFileNames) out.push_back(dir / f);
  return out;
}

// The rows a run read from the lever store, in a fixed text form.
std::string stored_rows_text(const std::vector<engine::LeverRow>& rows) {
  std::string out;
  for (const engine::LeverRow& r : rows) {
    out += r.scenario_id + "," + std::to_string(r.fiscal_year) + "," + std::to_string(r.job_level) +
           "," + std::string(engine::lever_info(r.param).name) + "," + shortest_text(r.value) +
           "\n";
  }
  return out;
}

}  // namespace

Result<std::vector<levers::LeverIssue>> check_run_levers(const LoadedInputs& in,
                                                         const std::string& refusal) {
  std::vector<levers::LeverIssue> warnings;
  for (levers::LeverIssue& issue : levers::validate_run_levers(in.levers, in.lever_rows)) {
    if (issue.severity == levers::Severity::kError) {
      return Error::invalid_input(in.levers_path.string(), 0, issue.parameter_name, issue.rule,
                                  issue.value ? shortest_text(*issue.value) : "",
                                  refusal + levers::describe(issue));
    }
    warnings.push_back(std::move(issue));
  }
  return warnings;
}

Status check_and_keep_run_levers(LoadedInputs& in, const std::string& refusal) {
  auto lever_warnings = check_run_levers(in, refusal);
  if (!lever_warnings) return std::move(lever_warnings).error();
  for (const levers::LeverIssue& issue : *lever_warnings) {
    in.warnings.push_back(
        engine::warning(0, "lever_" + issue.rule, levers::describe(issue), issue.value));
  }
  return Status::success();
}

fs::path find_data_dir(const fs::path& executable) {
  if (const char* env = std::getenv("PLANWISE_DATA_DIR"); env != nullptr && *env != '\0')
    return env;
  if (fs::exists("data/simulation_config.yaml")) return "data";
  std::error_code ec;
  const fs::path beside = fs::weakly_canonical(executable, ec).parent_path() / ".." / ".." / "data";
  if (fs::exists(beside / "simulation_config.yaml")) return beside.lexically_normal();
  return "data";
}

namespace {

fs::path config_path_of(const InputRequest& request) {
  return request.config_path.value_or(request.data_dir / "simulation_config.yaml");
}

// The configuration with the request's overrides (no seed tables).
Result<io::RunConfig> load_run_config(const InputRequest& request) {
  auto config = io::read_run_config(config_path_of(request), request.data_dir);
  if (!config) return std::move(config).error();
  PLANWISE_RETURN_IF_ERROR(apply_overrides(request, *config));
  return config;
}

}  // namespace

Result<ConfigAndSeeds> load_config_and_seeds(const InputRequest& request) {
  ConfigAndSeeds out;
  out.config_path = config_path_of(request);
  auto config = load_run_config(request);
  if (!config) return std::move(config).error();
  out.config = std::move(config).value();
  auto seeds = io::read_seed_tables(out.config.seeds_dir, out.config.engine.distribution_profile);
  if (!seeds) return std::move(seeds).error();
  out.seeds = std::move(seeds).value();
  return out;
}

CensusPrefetch::CensusPrefetch(const InputRequest& request)
    : reader_([cache = cache_, request] {
        // Only the census path is needed here. Errors are load_inputs's to
        // report (it reads again).
        auto config = load_run_config(request);
        if (config) static_cast<void>(cache->get(config->census_path, read_census_file));
      }) {}

std::shared_ptr<CensusCache> CensusPrefetch::wait() {
  if (reader_.joinable()) reader_.join();
  return cache_;
}

Result<LoadedInputs> load_inputs(const InputRequest& request) {
  LoadedInputs in;
  auto base = load_config_and_seeds(request);
  if (!base) return std::move(base).error();
  in.config = std::move(base->config);
  in.seeds = std::move(base->seeds);
  const fs::path config_path = base->config_path;
  append(in.warnings, in.config.warnings);
  const engine::EngineConfig& e = in.config.engine;

  std::vector<engine::LeverRow>& lever_rows = in.lever_rows;
  if (request.lever_rows) {
    lever_rows = request.lever_rows->rows;
    in.levers_path = request.lever_rows->description;
  } else {
    in.levers_path = request.levers_path.value_or(in.config.seeds_dir / "comp_levers.csv");
    auto lever_file = io::read_lever_csv(in.levers_path, in.seeds.level_count());
    if (!lever_file) return std::move(lever_file).error();
    append(in.warnings, lever_file->warnings);
    lever_rows = std::move(lever_file->rows);
  }
  auto resolved =
      levers::resolve_levers(lever_rows, e.scenario_id, e.start_year, e.end_year, in.seeds);
  if (!resolved) {
    Error error = std::move(resolved).error();
    if (error.file.empty()) error.file = in.levers_path.string();
    return error;
  }
  in.levers = std::move(resolved->levers);
  append(in.warnings, resolved->warnings);

  auto census = request.census_cache
                    ? request.census_cache->get(in.config.census_path, read_census_file)
                    : CensusCache::load(in.config.census_path, read_census_file);
  if (!census) return std::move(census).error();
  auto staged = engine::stage_census(*census->rows, e, in.seeds);
  if (!staged) return std::move(staged).error();
  in.census = std::move(staged).value();
  append(in.warnings, in.census.warnings);

  auto config_hash = io::sha256_file(config_path);
  // Levers from the store have no file: their hash is that of the rows read.
  auto levers_hash = request.lever_rows
                         ? Result<std::string>(io::sha256_text(stored_rows_text(lever_rows)))
                         : io::sha256_file(in.levers_path);
  auto seeds_hash = io::sha256_files(seed_files(in.config.seeds_dir));
  for (auto* h : {&config_hash, &levers_hash, &seeds_hash}) {
    if (!*h) return std::move(*h).error();
  }
  in.hashes = {*config_hash, census->sha256, *levers_hash, *seeds_hash,
               io::sha256_text(levers::canonical_lever_text(in.levers))};
  return in;
}

}  // namespace planwise::app
