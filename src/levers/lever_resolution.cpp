#include "levers/lever_resolution.hpp"

#include <map>
#include <set>
#include <tuple>

#include "common/number_text.hpp"

namespace planwise::levers {

namespace {

using engine::LeverParam;
using engine::LeverRow;
using engine::ParamSource;
using engine::ResolvedLever;

using LeverKey = std::tuple<std::string, int, int, int>;  // scenario, year, level, param

double seed_default(LeverParam param, int level, const engine::SeedTables& seeds) {
  switch (param) {
    case LeverParam::kMeritBase:
      return seeds.level(level).avg_annual_merit_increase;
    case LeverParam::kPromotionProbability:
      return seeds.level(level).promotion_probability;
    case LeverParam::kPromotionRaise:
      return seeds.promotion_raise_fallback;
    case LeverParam::kNewHireSalaryAdjustment:
      return 1.0;
    case LeverParam::kColaRate:
      break;  // per year, handled by the caller
  }
  return 0.0;
}

}  // namespace

Result<LeverResolution> resolve_levers(const std::vector<LeverRow>& rows,
                                       const std::string& scenario, int start_year, int end_year,
                                       const engine::SeedTables& seeds) {
  const int levels = seeds.level_count();
  LeverResolution out{engine::ResolvedLevers(scenario, start_year, end_year, levels), {}};
  std::map<LeverKey, const LeverRow*> index;
  std::set<std::pair<std::string, int>> cola_tiers;  // (scenario, year) holding any cola_rate row
  bool scenario_has_rows = false;
  for (const LeverRow& row : rows) {
    index[{row.scenario_id, row.fiscal_year, row.job_level, static_cast<int>(row.param)}] = &row;
    if (row.param == LeverParam::kColaRate) cola_tiers.insert({row.scenario_id, row.fiscal_year});
    scenario_has_rows = scenario_has_rows || row.scenario_id == scenario;
  }
  if (!scenario_has_rows) {
    out.warnings.push_back(engine::warning(0, "lever_scenario_empty",
                                           "lever scenario '" + scenario +
                                               "' has no rows; levers come from the "
                                               "default scenario and the seed tables"));
  }
  const std::string tiers[2] = {scenario, kDefaultScenario};
  const ParamSource sources[2] = {ParamSource::kScenario, ParamSource::kDefault};
  ErrorCollector errors;

  for (int year = start_year; year <= end_year; ++year) {
    for (const engine::LeverParamInfo& info : engine::kLeverCatalogue) {
      bool warned = false;
      int cola_tier = -1;  // COLA comes from the first tier holding any row for the year
      if (info.param == LeverParam::kColaRate) {
        for (int t = 0; t < 2 && cola_tier < 0; ++t) {
          if (cola_tiers.count({tiers[t], year})) cola_tier = t;
        }
      }
      double cola_value = 0.0;
      if (info.param == LeverParam::kColaRate && cola_tier >= 0) {
        for (int l = 1; l <= levels; ++l) {
          auto it = index.find({tiers[cola_tier], year, l, static_cast<int>(info.param)});
          if (it != index.end()) {
            cola_value = it->second->value;
            break;
          }
        }
      }
      for (int level = 1; level <= levels; ++level) {
        ResolvedLever& target = out.levers.at(info.param, year, level);
        if (info.param == LeverParam::kColaRate) {
          if (cola_tier >= 0) {
            auto it = index.find({tiers[cola_tier], year, level, static_cast<int>(info.param)});
            target = {cola_value, sources[cola_tier],
                      it != index.end() ? it->second->is_locked : std::nullopt};
            continue;
          }
          auto seeded = seeds.cola_by_year.find(year);
          if (seeded == seeds.cola_by_year.end()) {
            errors.add(Error::invalid_input(
                "", 0, "cola_rate", "lever_resolvable", std::to_string(year),
                "no cola_rate for year " + std::to_string(year) + " in scenario '" + scenario +
                    "', in the default scenario or in config_cola_by_year"));
            break;
          }
          target = {seeded->second, ParamSource::kSeedDefault, std::nullopt};
        } else {
          bool found = false;
          for (int t = 0; t < 2 && !found; ++t) {
            auto it = index.find({tiers[t], year, level, static_cast<int>(info.param)});
            if (it != index.end()) {
              target = {it->second->value, sources[t], it->second->is_locked};
              found = true;
            }
          }
          if (found) continue;
          target = {seed_default(info.param, level, seeds), ParamSource::kSeedDefault,
                    std::nullopt};
        }
        if (!warned) {
          out.warnings.push_back(engine::warning(
              0, "lever_seed_default",
              std::string(info.name) + " for " + std::to_string(year) +
                  " falls back to the seed tables (" + shortest_text(target.value) +
                  (info.param == LeverParam::kColaRate ? ""
                                                       : " at level " + std::to_string(level)) +
                  ")"));
          warned = true;
        }
      }
    }
  }
  if (!errors.empty()) return errors.take();
  return out;
}

std::vector<LeverRow> fold_chain(const std::vector<std::vector<LeverRow>>& links,
                                 const std::string& scenario_id) {
  std::vector<LeverRow> out;
  std::set<std::tuple<int, int, int>> taken;  // year, level, param
  std::set<int> cola_years;
  for (std::size_t link = 0; link < links.size(); ++link) {
    std::set<int> link_cola_years;
    for (const LeverRow& row : links[link]) {
      const bool cola = row.param == LeverParam::kColaRate;
      if (cola && cola_years.count(row.fiscal_year)) continue;
      if (!taken.insert({row.fiscal_year, row.job_level, static_cast<int>(row.param)}).second)
        continue;
      if (cola) link_cola_years.insert(row.fiscal_year);
      LeverRow copy = row;
      copy.scenario_id = scenario_id;
      if (link > 0) copy.is_locked = false;
      out.push_back(std::move(copy));
    }
    cola_years.insert(link_cola_years.begin(), link_cola_years.end());
  }
  return out;
}

std::string canonical_lever_text(const engine::ResolvedLevers& levers) {
  std::string out;
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    for (const engine::LeverParamInfo& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= levers.level_count(); ++level) {
        const ResolvedLever& v = levers.at(info.param, year, level);
        out += std::string(info.name) + "," + std::to_string(year) + "," + std::to_string(level) +
               "," + shortest_text(v.value) + "\n";
      }
    }
  }
  return out;
}

}  // namespace planwise::levers
