#include "app/cell_edit.hpp"

#include <cstdint>

#include "levers/lever_catalogue.hpp"

namespace planwise::app {

Result<engine::LeverRow> cell_row(const CellEdit& cell, std::size_t index,
                                  const std::string& scenario) {
  const levers::LeverSpec* spec = levers::find_spec(cell.parameter);
  if (spec == nullptr) {
    return Error::invalid_input("request", static_cast<std::int64_t>(index + 1),
                                "cells[" + std::to_string(index) + "].parameter", "parameter_name",
                                cell.parameter, "unknown lever name");
  }
  engine::LeverRow row;
  row.scenario_id = scenario;
  row.fiscal_year = cell.year;
  row.job_level = cell.level;
  row.event_type = std::string(spec->event_type);
  row.param = spec->param;
  row.value = cell.value;
  row.line = static_cast<std::int64_t>(index + 1);
  return row;
}

}  // namespace planwise::app
