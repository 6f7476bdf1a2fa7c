#include "levers/lever_validation.hpp"

#include <cmath>
#include <map>
#include <set>

#include "common/number_text.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::levers {

namespace {

std::string percent_or_value(const LeverSpec& spec, double v) {
  if (spec.unit == "multiplier") return shortest_text(v);
  return shortest_text(v) + " (" + shortest_text(std::round(v * 10000.0) / 100.0) + " %)";
}

}  // namespace

std::vector<LeverIssue> validate_levers(const engine::ResolvedLevers& levers,
                                        const std::vector<store::LeverCell>& cells) {
  std::vector<LeverIssue> out;
  const std::string& scenario = levers.scenario_id();
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    for (const LeverSpec& spec : lever_specs()) {
      double sum = 0.0;
      for (int level = 1; level <= levers.level_count(); ++level) {
        const double v = levers.value(spec.param, year, level);
        sum += v;
        if (v < spec.hard_min || v > spec.hard_max) {
          out.push_back(
              {Severity::kError, "lever_range", scenario, year, level, std::string(spec.name), v,
               std::string(spec.name) + " must be from " + percent_or_value(spec, spec.hard_min) +
                   " to " + percent_or_value(spec, spec.hard_max) + ", found " +
                   percent_or_value(spec, v)});
        }
      }
      const double mean = sum / static_cast<double>(levers.level_count());
      if (spec.warn_mean_below && mean < *spec.warn_mean_below) {
        out.push_back({Severity::kWarning, "mean_below", scenario, year, std::nullopt,
                       std::string(spec.name), mean,
                       "average " + std::string(spec.name) + " " + percent_or_value(spec, mean) +
                           " is below " + percent_or_value(spec, *spec.warn_mean_below)});
      }
      if (spec.warn_mean_above && mean > *spec.warn_mean_above) {
        out.push_back({Severity::kWarning, "mean_above", scenario, year, std::nullopt,
                       std::string(spec.name), mean,
                       "average " + std::string(spec.name) + " " + percent_or_value(spec, mean) +
                           " is above " + percent_or_value(spec, *spec.warn_mean_above)});
      }
    }
  }
  // COLA is one value per year: a scenario stores it for every level, with
  // one value, or not at all (then it inherits the default's).
  std::map<int, std::set<double>> cola_values;
  std::map<int, int> cola_cells;
  for (const store::LeverCell& c : cells) {
    if (c.parameter_name != "cola_rate") continue;
    cola_values[c.fiscal_year].insert(c.value);
    ++cola_cells[c.fiscal_year];
  }
  for (const auto& [year, values] : cola_values) {
    if (values.size() > 1 || cola_cells[year] != levers.level_count()) {
      out.push_back({Severity::kError, "cola_one_per_year", scenario, year, std::nullopt,
                     "cola_rate", std::nullopt,
                     "cola_rate must be one value for all " + std::to_string(levers.level_count()) +
                         " levels of a year; this scenario stores " +
                         std::to_string(cola_cells[year]) + " cells with " +
                         std::to_string(values.size()) + " values for " + std::to_string(year)});
    }
  }
  return out;
}

std::vector<LeverIssue> validate_run_levers(const engine::ResolvedLevers& levers,
                                            const std::vector<engine::LeverRow>& rows) {
  std::vector<store::LeverCell> cells;
  for (const engine::LeverRow& r : rows) {
    if (r.scenario_id != levers.scenario_id()) continue;
    store::LeverCell c;
    c.scenario_id = r.scenario_id;
    c.fiscal_year = r.fiscal_year;
    c.job_level = r.job_level;
    c.parameter_name = std::string(engine::lever_info(r.param).name);
    c.value = r.value;
    cells.push_back(std::move(c));
  }
  return validate_levers(levers, cells);
}

bool has_errors(const std::vector<LeverIssue>& issues) {
  for (const LeverIssue& i : issues) {
    if (i.severity == Severity::kError) return true;
  }
  return false;
}

std::string describe(const LeverIssue& i) {
  std::string out = i.severity == Severity::kError ? "error: " : "warning: ";
  out += "scenario " + i.scenario_id;
  if (i.fiscal_year) out += ", " + std::to_string(*i.fiscal_year);
  if (i.job_level) out += ", level " + std::to_string(*i.job_level);
  return out + ": " + i.message + " [" + i.rule + "]";
}

}  // namespace planwise::levers
