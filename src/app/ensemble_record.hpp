// Issue 12 item 1: an ensemble's outcome as the rows of the ensemble tables
// (store/ensemble_tables.hpp), and those rows back as the bands an analyst
// reads (`planwise ensembles show`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ensemble_run.hpp"
#include "store/ensemble_tables.hpp"

namespace planwise::app {

// The record of a run ensemble; `created_at` ISO-8601 UTC.
store::EnsembleRecord ensemble_record(const EnsembleRequest& request,
                                      const EnsembleOutcome& outcome,
                                      const std::string& ensemble_id,
                                      const std::string& created_at);

// The stored ensembles of `db_path`, newest first (the file must exist).
Result<std::vector<store::EnsembleRow>> list_stored_ensembles(const std::string& db_path);
// One stored ensemble with its bands and attribution (and per-seed rows
// when asked).
Result<store::EnsembleRecord> show_stored_ensemble(const std::string& db_path,
                                                   const std::string& ensemble_id,
                                                   bool with_seed_metrics);

// For the transports, which do not include ensemble/: a seed list as the
// ensembles table writes it ("42..66", "1,5,9"), and the thin-sample warning
// a stored ensemble of `seed_count` seeds is shown with.
std::string seed_list_label(const std::vector<std::uint64_t>& seeds);
std::optional<std::string> stored_thin_sample_warning(int seed_count);

}  // namespace planwise::app
