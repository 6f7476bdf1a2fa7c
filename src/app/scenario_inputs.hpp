// The inputs of one lever scenario as a tuning use case reads them (the
// optimizer's search, a lever sweep): the scenario's stored levers, or a
// levers file, and the cells the scenario locks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "tuning/lever_space.hpp"

namespace planwise::app {

// `inputs` with `scenario`'s levers from the lever store at `db_path` (read
// only; a new database holds the bundled levers), unless a levers file is
// given or there is no store.
Result<LoadedInputs> load_scenario_inputs(InputRequest inputs,
                                          const std::optional<std::string>& db_path,
                                          const std::string& scenario);

// Cells the scenario itself stores locked (issue 3: a lock protects the
// scenario's own cells; inherited default values are not the scenario's).
tuning::LockedCells scenario_locked_cells(const std::vector<engine::LeverRow>& rows,
                                          const std::string& scenario);

}  // namespace planwise::app
