// Issue 4 item 5: the evidence report of an optimization run, in Markdown,
// built from its stored record only (configuration, every evaluation, the
// reachability verdict, sensitivities, seed spread and the §4.7 summary).
#pragma once

#include <string>

#include "store/optimization_tables.hpp"

namespace planwise::app {

std::string optimization_report_markdown(const store::OptimizationRecord& record);

// Formatting shared by the report and the terminal: 2.345%, +0.123 pt.
std::string rate_text(double fraction, int decimals = 3);
std::string points_text(double fraction, int decimals = 3);
std::string lever_text(const std::string& variable, double value);
std::string fixed_text(double value, int decimals);

}  // namespace planwise::app
