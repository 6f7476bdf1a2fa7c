// Issue 14 item 2: the workbooks of a comparison, an optimization, an
// ensemble and a governance report, each ending with a Provenance sheet.
//   comparison:   Comparison (year x item, with deltas to the first item),
//                 Items (mean growth, final head count, target),
//                 Lever differences, Provenance
//   optimization: Result, Evaluations (every candidate, a column per lever),
//                 Sensitivity, Seed spread, Provenance
//   ensemble:     Bands (per year and metric, headline, total cost),
//                 Attribution, Provenance
//   report:       the report's table (named by its title), Provenance
// `exported_at` is ISO-8601 UTC.
#pragma once

#include <string>

#include "app/compare.hpp"
#include "app/governance_reports.hpp"
#include "app/workbook_sheets.hpp"

namespace planwise::app {

io::XlsxWorkbook comparison_workbook(const Comparison& comparison, const std::string& exported_at);

// A stored optimization run; an unknown id is not found.
Result<io::XlsxWorkbook> optimization_workbook(const std::string& db_path,
                                               const std::string& opt_run_id,
                                               const std::string& exported_at);

// A stored ensemble; an unknown id is not found.
Result<io::XlsxWorkbook> ensemble_workbook(const std::string& db_path,
                                           const std::string& ensemble_id,
                                           const std::string& exported_at);

// A governance report's table. Its cells are typed by content: a column
// whose every value is an integer, a number, a date or an ISO time becomes
// that kind; money and fractions by column name (see the .cpp).
Result<io::XlsxWorkbook> report_workbook(const std::string& db_path, ReportName name,
                                         const ReportFilter& filter,
                                         const std::string& exported_at);

}  // namespace planwise::app
