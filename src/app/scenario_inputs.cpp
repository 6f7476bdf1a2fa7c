#include "app/scenario_inputs.hpp"

#include "app/lever_workspace.hpp"

namespace planwise::app {

Result<LoadedInputs> load_scenario_inputs(InputRequest inputs,
                                          const std::optional<std::string>& db_path,
                                          const std::string& scenario) {
  inputs.scenario = scenario;
  if (db_path && !inputs.levers_path) {
    auto source = read_store_levers(inputs, *db_path, scenario);
    if (!source) return std::move(source).error();
    inputs.lever_rows = std::move(source).value();
  }
  return load_inputs(inputs);
}

tuning::LockedCells scenario_locked_cells(const std::vector<engine::LeverRow>& rows,
                                          const std::string& scenario) {
  tuning::LockedCells out;
  for (const engine::LeverRow& r : rows) {
    if (r.scenario_id == scenario && r.is_locked.value_or(false))
      out.insert({r.fiscal_year, r.job_level, r.param});
  }
  return out;
}

}  // namespace planwise::app
