// Spec §5: the columns of every output table, defined once. Writers (CSV in
// io/, DuckDB in store/) take their headers and column types from here, and
// their rows from output_rows.hpp, so the contract lives in one place.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace planwise::engine {

enum class ColumnType : unsigned char { kText, kInt, kDouble, kMoney, kDate, kBool };

struct ColumnDef {
  std::string_view name;
  ColumnType type;
};

struct TableDef {
  std::string_view name;
  std::span<const ColumnDef> columns;
};

using enum ColumnType;

inline constexpr ColumnDef kYearlyEventsColumns[] = {
    {"employee_id", kText},
    {"employee_ssn", kText},
    {"simulation_year", kInt},
    {"event_type", kText},
    {"event_category", kText},
    {"effective_date", kDate},
    {"event_sequence", kInt},
    {"event_details", kText},
    {"compensation_amount", kMoney},
    {"previous_compensation", kMoney},
    {"level_id", kInt},
    {"new_level_id", kInt},
    {"employee_age", kInt},
    {"employee_tenure", kInt},
    {"age_band", kText},
    {"tenure_band", kText},
    {"event_probability", kDouble},
    {"selection_weight", kDouble},
    {"random_draw", kDouble},
    {"merit_rate", kDouble},
    {"cola_rate", kDouble},
    {"promotion_raise_rate", kDouble},
    {"band_floor_applied", kBool},
    {"parameter_scenario_id", kText},
    {"parameter_source", kText},
    {"data_quality_flag", kText},
    {"created_at", kText},
};

inline constexpr std::array<ColumnDef, 20> kSnapshotColumns = {{
    {"employee_id", kText},
    {"employee_ssn", kText},
    {"simulation_year", kInt},
    {"employee_birth_date", kDate},
    {"employee_hire_date", kDate},
    {"current_age", kInt},
    {"current_tenure", kInt},
    {"age_band", kText},
    {"tenure_band", kText},
    {"start_level_id", kInt},
    {"level_id", kInt},
    {"start_salary", kMoney},
    {"current_compensation", kMoney},
    {"prorated_annual_compensation", kMoney},
    {"full_year_equivalent_compensation", kMoney},
    {"employment_status", kText},
    {"termination_date", kDate},
    {"termination_reason", kText},
    {"detailed_status_code", kText},
    {"created_at", kText},
}};

// baseline_workforce: the snapshot columns plus the raw census value (§5.5).
inline constexpr std::array<ColumnDef, 21> kBaselineColumns = [] {
  std::array<ColumnDef, 21> columns{};
  for (std::size_t i = 0; i < kSnapshotColumns.size(); ++i) columns[i] = kSnapshotColumns[i];
  columns[20] = {"census_compensation", kDouble};
  return columns;
}();

inline constexpr ColumnDef kGrowthColumns[] = {
    {"simulation_year", kInt},
    {"row_kind", kText},
    {"row_key", kText},
    {"measure", kText},
    {"population_count", kInt},
    {"continuous_count", kInt},
    {"new_hire_count", kInt},
    {"avg_compensation", kMoney},
    {"prior_avg_compensation", kMoney},
    {"avg_prorated_compensation", kMoney},
    {"growth", kDouble},
    {"is_headline", kBool},
    {"is_tuning_target", kBool},
    {"target_growth", kDouble},
    {"tolerance", kDouble},
    {"target_status", kText},
    {"deviation_from_target", kDouble},
    {"gap_to_target", kDouble},
    {"new_hire_ratio", kDouble},
    {"composition_effect", kDouble},
    {"created_at", kText},
};

inline constexpr ColumnDef kYearSummaryColumns[] = {
    {"simulation_year", kInt},
    {"success", kBool},
    {"validation_passed", kBool},
    {"warning_count", kInt},
    {"start_headcount", kInt},
    {"experienced_terminations", kInt},
    {"target_end_headcount", kInt},
    {"hires", kInt},
    {"new_hire_terminations", kInt},
    {"total_terminations", kInt},
    {"end_headcount", kInt},
    {"headcount_gap", kInt},
    {"headcount_growth", kDouble},
    {"promotions", kInt},
    {"raises", kInt},
    {"band_floor_promotions", kInt},
    {"avg_fye_active", kMoney},
    {"avg_prorated_active", kMoney},
    {"total_prorated_compensation", kMoney},
    {"avg_comp_growth", kDouble},
    {"growth_current", kDouble},
    {"growth_continuous", kDouble},
    {"tuning_methodology", kText},
    {"tuning_metric", kDouble},
    {"target_status", kText},
    {"created_at", kText},
};

inline constexpr ColumnDef kDuplicatesColumns[] = {
    {"source_row", kInt},
    {"employee_id", kText},
    {"employee_ssn", kText},
    {"employee_birth_date", kDate},
    {"employee_hire_date", kDate},
    {"employee_termination_date", kDate},
    {"employee_gross_compensation", kDouble},
    {"active", kBool},
    {"duplicate_count", kInt},
    {"occurrence_rank", kInt},
    {"dedup_status", kText},
};

inline constexpr ColumnDef kEffectiveParameterColumns[] = {
    {"scenario_id", kText},      {"fiscal_year", kInt},     {"job_level", kInt},
    {"event_type", kText},       {"parameter_name", kText}, {"parameter_value", kDouble},
    {"parameter_source", kText}, {"is_locked", kBool},
};

inline constexpr ColumnDef kValidationReportColumns[] = {
    {"simulation_year", kInt}, {"check_id", kText},    {"status", kText},
    {"value", kDouble},        {"threshold", kDouble}, {"message", kText},
};

// pay_budget: cost by pool, per year and level (issue 10 contract A;
// engine/pay_budget.hpp, docs/model.md "Cost vocabulary").
inline constexpr ColumnDef kPayBudgetColumns[] = {
    {"simulation_year", kInt},
    {"level_id", kInt},
    {"prior_payroll_fye", kMoney},
    {"merit_annualised", kMoney},
    {"merit_in_year", kMoney},
    {"cola_annualised", kMoney},
    {"cola_in_year", kMoney},
    {"promotion_annualised", kMoney},
    {"promotion_in_year", kMoney},
    {"new_hire_premium_annualised", kMoney},
    {"new_hire_premium_in_year", kMoney},
    {"total_payroll_prorated", kMoney},
    {"run_rate_payroll_fye", kMoney},
    {"end_headcount", kInt},
};

// hires_by_level: the year's hires per level, one row per year and level
// (issue 14 item 3: a long table instead of year_summary's former
// pipe-joined "483|278|47|50|17" column).
inline constexpr ColumnDef kHiresByLevelColumns[] = {
    {"simulation_year", kInt},
    {"level_id", kInt},
    {"hires", kInt},
};

inline constexpr TableDef kYearlyEventsTable{"yearly_events", kYearlyEventsColumns};
inline constexpr TableDef kSnapshotTable{"workforce_snapshot", kSnapshotColumns};
inline constexpr TableDef kGrowthTable{"compensation_growth", kGrowthColumns};
inline constexpr TableDef kYearSummaryTable{"year_summary", kYearSummaryColumns};
inline constexpr TableDef kBaselineTable{"baseline_workforce", kBaselineColumns};
inline constexpr TableDef kDuplicatesTable{"census_duplicates_audit", kDuplicatesColumns};
inline constexpr TableDef kEffectiveParametersTable{"effective_parameters",
                                                    kEffectiveParameterColumns};
inline constexpr TableDef kValidationReportTable{"validation_report", kValidationReportColumns};
inline constexpr TableDef kPayBudgetTable{"pay_budget", kPayBudgetColumns};
inline constexpr TableDef kHiresByLevelTable{"hires_by_level", kHiresByLevelColumns};

}  // namespace planwise::engine
