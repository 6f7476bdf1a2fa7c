// Spec §2: compensation levers. LeverRow is one row of comp_levers.csv as
// read; ResolvedLevers is every (parameter, year, level) value the engine
// needs for Y0…Y1, each with the tier it came from (§2.2).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model_types.hpp"

namespace planwise::engine {

enum class LeverParam : std::uint8_t {
  kMeritBase = 0,
  kColaRate = 1,
  kPromotionProbability = 2,
  kPromotionRaise = 3,
  kNewHireSalaryAdjustment = 4,
};
inline constexpr int kLeverParamCount = 5;

// Spec §2.1 catalogue.
struct LeverParamInfo {
  LeverParam param;
  std::string_view name;
  std::string_view event_type;  // canonical upper case
  double min_value;
  double max_value;
};
inline constexpr std::array<LeverParamInfo, kLeverParamCount> kLeverCatalogue = {{
    {LeverParam::kMeritBase, "merit_base", "RAISE", 0.0, 0.5},
    {LeverParam::kColaRate, "cola_rate", "RAISE", 0.0, 0.1},
    {LeverParam::kPromotionProbability, "promotion_probability", "PROMOTION", 0.0, 1.0},
    {LeverParam::kPromotionRaise, "promotion_raise", "PROMOTION", 0.0, 1.0},
    {LeverParam::kNewHireSalaryAdjustment, "new_hire_salary_adjustment", "HIRE", 0.5, 2.0},
}};
const LeverParamInfo& lever_info(LeverParam param);
const LeverParamInfo* find_lever(std::string_view name);

struct LeverRow {
  std::string scenario_id;
  int fiscal_year = 0;
  int job_level = 0;
  std::string event_type;
  LeverParam param = LeverParam::kMeritBase;
  double value = 0.0;
  std::optional<bool> is_locked;
  std::string created_at;
  std::string created_by;
  std::int64_t line = 0;  // source line, for messages
};

struct ResolvedLever {
  double value = 0.0;
  ParamSource source = ParamSource::kNone;
  std::optional<bool> is_locked;  // from the winning row; null for seed_default
};

class ResolvedLevers {
 public:
  ResolvedLevers() = default;
  ResolvedLevers(std::string scenario_id, int start_year, int end_year, int level_count);

  const std::string& scenario_id() const { return scenario_id_; }
  int start_year() const { return start_year_; }
  int end_year() const { return end_year_; }
  int level_count() const { return level_count_; }

  const ResolvedLever& at(LeverParam param, int year, int level) const {
    return values_[index(param, year, level)];
  }
  ResolvedLever& at(LeverParam param, int year, int level) {
    return values_[index(param, year, level)];
  }
  double value(LeverParam param, int year, int level) const { return at(param, year, level).value; }
  // COLA is one value per year (§2.2); it is stored for every level.
  double cola(int year) const { return value(LeverParam::kColaRate, year, 1); }
  ParamSource cola_source(int year) const { return at(LeverParam::kColaRate, year, 1).source; }

 private:
  std::size_t index(LeverParam param, int year, int level) const {
    const std::size_t years = static_cast<std::size_t>(end_year_ - start_year_ + 1);
    return (static_cast<std::size_t>(param) * years +
            static_cast<std::size_t>(year - start_year_)) *
               static_cast<std::size_t>(level_count_) +
           static_cast<std::size_t>(level - 1);
  }

  std::string scenario_id_;
  int start_year_ = 0;
  int end_year_ = -1;
  int level_count_ = 0;
  std::vector<ResolvedLever> values_;
};

}  // namespace planwise::engine
