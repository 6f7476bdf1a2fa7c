// The lever rows of one run (issue 10 item 6): the store's or a file's rows,
// a what-if run's overrides on top, and, for a run past the last lever
// year, that year's effective values carried forward when asked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/inputs.hpp"
#include "common/result.hpp"
#include "engine/validation_item.hpp"

namespace planwise::app {

class LeverWorkspace;  // app/lever_workspace.hpp

struct RunLeverRequest {
  std::optional<std::string> db_path;  // the lever store, unless `inputs` names a levers file
  std::vector<CellEdit> overrides;     // what-if cells (needs the lever store)
  bool extend = false;                 // carry the last lever year forward
  // The lever store at db_path, when the caller already holds it open for
  // writing: its levers and seed tables are read through it, not through a
  // second, read-only open (issue 13 item 4).
  LeverWorkspace* workspace = nullptr;
};

struct RunLevers {
  std::vector<int> carried_years;    // years given the last lever year's values
  engine::ValidationItems warnings;  // of a levers file read here (it is then not read again)
};

// Sets inputs.lever_rows when the run's rows differ from what load_inputs
// would read (store levers, overrides, carried years). A run past the last
// lever year without `extend` is an input error naming --end-year (API
// field end_year) and the last lever year.
Result<RunLevers> prepare_run_levers(InputRequest& inputs, const RunLeverRequest& request);

// The overrides replace (or add) rows of `scenario` in `source`; an unknown
// lever is an input error naming cells[i].parameter.
Status apply_overrides(LeverRowsSource& source, const std::vector<CellEdit>& overrides,
                       const std::string& scenario);

// The last year any row of `scenario` or of the default scenario holds.
std::optional<int> last_lever_year(const std::vector<engine::LeverRow>& rows,
                                   const std::string& scenario);

// [{"parameter": "merit_base", "year": 2026, "level": 1, "value": 0.05}, ...]:
// the runs.lever_overrides text.
std::string overrides_json(const std::vector<CellEdit>& cells);

}  // namespace planwise::app
