#include "app/run_levers.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "app/lever_workspace.hpp"
#include "common/json_text.hpp"
#include "common/number_text.hpp"
#include "io/lever_csv_reader.hpp"
#include "levers/lever_resolution.hpp"

namespace planwise::app {

namespace {

bool same_cell(const engine::LeverRow& a, const engine::LeverRow& b) {
  return a.scenario_id == b.scenario_id && a.fiscal_year == b.fiscal_year &&
         a.job_level == b.job_level && a.param == b.param;
}

// Every year after `last` up to `end_year` gets `last`'s effective values
// (scenario -> default -> seed tables, as resolved) as rows of the run's
// scenario, except cells a row already holds (an override of such a year).
Result<std::vector<int>> carry_forward(LeverRowsSource& source, const std::string& scenario,
                                       int last, int end_year, const engine::SeedTables& seeds) {
  auto resolved = levers::resolve_levers(source.rows, scenario, last, last, seeds);
  if (!resolved) return std::move(resolved).error();
  std::set<std::tuple<int, int, int>> held;  // (year, level, param) of the scenario's rows
  for (const engine::LeverRow& r : source.rows) {
    if (r.scenario_id == scenario)
      held.insert({r.fiscal_year, r.job_level, static_cast<int>(r.param)});
  }
  std::vector<int> carried;
  for (int year = last + 1; year <= end_year; ++year) {
    carried.push_back(year);
    for (const engine::LeverParamInfo& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= resolved->levers.level_count(); ++level) {
        if (held.count({year, level, static_cast<int>(info.param)})) continue;
        const CellEdit carried_cell{std::string(info.name), year, level,
                                    resolved->levers.value(info.param, last, level)};
        auto row = cell_row(carried_cell, 0, scenario);
        if (!row) return std::move(row).error();
        source.rows.push_back(std::move(row).value());
      }
    }
  }
  source.description += ", " + std::to_string(last) + " carried to " + std::to_string(end_year);
  return carried;
}

Error past_last_lever_year(int end_year, int last) {
  const std::string l = std::to_string(last);
  return Error::invalid_input(
      "command line", 0, "--end-year", "levers_cover_years", std::to_string(end_year),
      "end_year " + std::to_string(end_year) + " is past the last lever year: levers end in " + l +
          "; use extend_levers / --extend-levers to carry " + l + " forward");
}

}  // namespace

// Resolution prefers the scenario's rows over the default's; the run's
// validation then checks them.
Status apply_overrides(LeverRowsSource& source, const std::vector<CellEdit>& overrides,
                       const std::string& scenario) {
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    auto row = cell_row(overrides[i], i, scenario);
    if (!row) return std::move(row).error();
    auto same = std::find_if(source.rows.begin(), source.rows.end(),
                             [&](const engine::LeverRow& r) { return same_cell(r, *row); });
    if (same != source.rows.end()) {
      same->value = row->value;
    } else {
      source.rows.push_back(std::move(row).value());
    }
  }
  if (!overrides.empty())
    source.description += " with " + std::to_string(overrides.size()) + " overrides";
  return Status::success();
}

std::optional<int> last_lever_year(const std::vector<engine::LeverRow>& rows,
                                   const std::string& scenario) {
  std::optional<int> last;
  for (const engine::LeverRow& r : rows) {
    if (r.scenario_id != scenario && r.scenario_id != levers::kDefaultScenario) continue;
    last = std::max(last.value_or(r.fiscal_year), r.fiscal_year);
  }
  return last;
}

Result<RunLevers> prepare_run_levers(InputRequest& inputs, const RunLeverRequest& request) {
  std::optional<ConfigAndSeeds> loaded;
  const ConfigAndSeeds* setup = request.workspace ? &request.workspace->setup() : nullptr;
  if (setup == nullptr) {
    auto read = load_config_and_seeds(inputs);
    if (!read) return std::move(read).error();
    setup = &loaded.emplace(std::move(read).value());
  }
  const engine::EngineConfig& cfg = setup->config.engine;
  const bool store_levers = request.db_path && !inputs.levers_path && !inputs.lever_rows;
  if (!store_levers && !request.overrides.empty()) {
    return Error::invalid_input(
        "request", 0, "cells", "lever_overrides", "",
        "lever overrides apply to the lever store's levers, not to a levers file");
  }
  RunLevers out;
  LeverRowsSource source;
  if (store_levers) {
    // The run's levers come from the lever store (issue 3): the scenario's
    // stored values, then the default scenario's.
    auto read = request.workspace ? request.workspace->lever_source(cfg.scenario_id)
                                  : read_store_levers(inputs, *request.db_path, cfg.scenario_id);
    if (!read) return std::move(read).error();
    source = std::move(read).value();
  } else if (inputs.lever_rows) {
    source = *inputs.lever_rows;
  } else {
    const std::filesystem::path path =
        inputs.levers_path.value_or(setup->config.seeds_dir / "comp_levers.csv");
    auto file = io::read_lever_csv(path, setup->seeds.level_count());
    if (!file) return std::move(file).error();
    source = {std::move(file->rows), path.string()};
    out.warnings = std::move(file->warnings);
  }
  const std::optional<int> last = last_lever_year(source.rows, cfg.scenario_id);
  PLANWISE_RETURN_IF_ERROR(apply_overrides(source, request.overrides, cfg.scenario_id));
  const bool past = last && cfg.end_year > *last;
  if (past && !request.extend) return past_last_lever_year(cfg.end_year, *last);
  if (past) {
    auto carried = carry_forward(source, cfg.scenario_id, *last, cfg.end_year, setup->seeds);
    if (!carried) return std::move(carried).error();
    out.carried_years = std::move(carried).value();
  }
  // A levers file neither overridden nor extended is read by load_inputs
  // itself, so its hash stays the file's.
  if (store_levers || inputs.lever_rows || past) {
    inputs.lever_rows = std::move(source);
  } else {
    out.warnings.clear();
  }
  return out;
}

std::string overrides_json(const std::vector<CellEdit>& cells) {
  std::string out = "[";
  for (const CellEdit& c : cells) {
    if (out.size() > 1) out += ",";
    out += "{\"parameter\":" + json_quoted(c.parameter) + ",\"year\":" + std::to_string(c.year) +
           ",\"level\":" + std::to_string(c.level) + ",\"value\":" + shortest_text(c.value) + "}";
  }
  return out + "]";
}

}  // namespace planwise::app
