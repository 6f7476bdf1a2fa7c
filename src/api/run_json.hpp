// JSON shapes of runs: the `planwise simulate --json` summary, which the
// HTTP API returns too (style guide §1: one body for both transports).
#pragma once

#include <string>

#include "app/run_simulation.hpp"
#include "app/sql_query.hpp"

namespace planwise::api {

// {"run_id", "scenario", "seed", "start_year", "end_year",
//  "baseline": {"active", "avg_salary"}, "years": [...]}; rates are fractions.
std::string simulation_summary_json(const app::SimulateOutcome& outcome, int indent = 2);

// [{"column": value, ...}, ...] with numbers as JSON numbers and nulls as null.
std::string query_table_json(const app::QueryTable& table, int indent = 2);

}  // namespace planwise::api
