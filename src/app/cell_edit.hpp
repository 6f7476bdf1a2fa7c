// One lever cell as the dashboard edits it: saved to a scenario
// (set_lever_cells) or applied to one run only (SimulateRequest).
#pragma once

#include <cstddef>
#include <string>

#include "common/result.hpp"
#include "engine/levers.hpp"

namespace planwise::app {

struct CellEdit {
  std::string parameter;
  int year = 0;
  int level = 0;
  double value = 0.0;
};

// The lever row of cells[index] in `scenario`; an unknown lever name is an
// input error naming cells[index].parameter (row index + 1 of the request).
Result<engine::LeverRow> cell_row(const CellEdit& cell, std::size_t index,
                                  const std::string& scenario);

}  // namespace planwise::app
