// Loading and validating every input of a run (spec §1, §2): configuration
// with the analyst's overrides, seed tables, levers, census. Any error stops
// here, before a year is simulated or a row is written (spec §0.4).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/census_cache.hpp"
#include "common/result.hpp"
#include "engine/census.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"
#include "io/run_config.hpp"
#include "levers/lever_validation.hpp"

namespace planwise::app {

// Lever rows that come from the lever store instead of a CSV file.
struct LeverRowsSource {
  std::vector<engine::LeverRow> rows;
  std::string description;  // e.g. "store planwise.duckdb, scenario default"
};

// Where the inputs are and what the analyst overrides on the command line or
// in an API request. Unset fields take the configuration's values.
struct InputRequest {
  std::filesystem::path data_dir = "data";  // bundled defaults
  std::optional<std::filesystem::path> config_path;
  std::optional<std::filesystem::path> census_path;
  std::optional<std::filesystem::path> levers_path;
  std::optional<std::string> scenario;
  std::optional<std::uint64_t> seed;
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::optional<LeverRowsSource> lever_rows;  // replaces the levers file when set
  // Set by a long-lived process (the server): the census is read once while
  // its file is unchanged. Copies of the request share it.
  std::shared_ptr<CensusCache> census_cache;
};

// The configuration (with overrides) and the seed tables alone: what the
// lever store needs before a census is read.
struct ConfigAndSeeds {
  io::RunConfig config;
  std::filesystem::path config_path;
  engine::SeedTables seeds;
};
Result<ConfigAndSeeds> load_config_and_seeds(const InputRequest& request);

struct InputHashes {
  std::string config;
  std::string census;
  std::string levers;
  std::string seeds;
  std::string effective_levers;
};

struct LoadedInputs {
  io::RunConfig config;
  std::filesystem::path levers_path;
  engine::SeedTables seeds;
  engine::ResolvedLevers levers;
  std::vector<engine::LeverRow> lever_rows;  // the rows the levers were resolved from
  engine::StagedCensus census;
  engine::ValidationItems warnings;  // every load-time warning, in load order
  InputHashes hashes;
};

Result<LoadedInputs> load_inputs(const InputRequest& request);

// Reads a run's census on another thread into a cache of its own, so that
// the read overlaps work that does not need it (opening the run store,
// issue 13 item 4). wait() gives the cache for InputRequest::census_cache.
// A read that fails keeps nothing: load_inputs then reads the file again
// and reports the error as it always does.
class CensusPrefetch {
 public:
  explicit CensusPrefetch(const InputRequest& request);
  std::shared_ptr<CensusCache> wait();

 private:
  std::shared_ptr<CensusCache> cache_ = std::make_shared<CensusCache>();
  std::jthread reader_;
};

// The lever store's rules for every run's levers (issue 3 item 4): the first
// error becomes an input error naming the levers, after `refusal` ("the run
// is refused: "); otherwise the warnings are returned.
Result<std::vector<levers::LeverIssue>> check_run_levers(const LoadedInputs& in,
                                                         const std::string& refusal);
// check_run_levers, with the warnings kept in in.warnings (check
// lever_<rule>), as a run and an ensemble record them.
Status check_and_keep_run_levers(LoadedInputs& in, const std::string& refusal);

// The bundled data folder: $PLANWISE_DATA_DIR, ./data, or data/ beside the
// source tree the executable was built from.
std::filesystem::path find_data_dir(const std::filesystem::path& executable);

}  // namespace planwise::app
