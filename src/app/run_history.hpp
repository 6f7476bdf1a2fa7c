// Reading stored runs back (`planwise runs list|show`).
#pragma once

#include <optional>
#include <string>
#include <vector>

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

}  // namespace planwise::app
