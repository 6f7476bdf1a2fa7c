// Reading stored runs back (`planwise runs list|show`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/run_target.hpp"
#include "common/result.hpp"
#include "store/run_purge.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

struct RunDetails {
  store::RunRecord run;
  store::TextResult year_summary;
  store::TextResult effective_parameters;
  store::TextResult warnings;            // validation_report rows with status WARN or FAIL
  std::optional<store::RunPurge> purge;  // set when its employee rows were purged
};

Result<std::vector<store::RunRecord>> list_stored_runs(const std::string& db_path);
Result<RunDetails> show_stored_run(const std::string& db_path, const std::string& run_id);

// runs.carried_lever_years ("2030,2031") as years (issue 10 item 6).
std::vector<int> carried_lever_years(const store::RunRecord& run);
// The target recorded with a run; nullopt for runs stored before targets were.
std::optional<RunTarget> recorded_target(const store::RunRecord& run);

}  // namespace planwise::app
