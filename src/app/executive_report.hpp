// Issue 11 item 5: the executive report, one print-ready HTML document (one
// or two A4 or Letter pages) for a scenario's published plan or for one
// change request: the headline, the per-year table (headcount, average pay,
// growth, cost), charts as inline SVG, the lever changes with justification,
// approver and risk, and the run's provenance hashes and the audit entry
// hashes that bind it. Self-contained: no script, no external file.
#pragma once

#include <optional>
#include <string>

#include "app/inputs.hpp"
#include "common/result.hpp"

namespace planwise::app {

struct ExecutiveReportRequest {
  InputRequest inputs;  // configuration and seeds (for the lever years)
  std::string db_path = "planwise.duckdb";
  // Exactly one: a scenario (its published plan and latest stored run) or a
  // change request (its simulated impact).
  std::optional<std::string> scenario;
  std::optional<std::string> request_id;
  std::string generated_by;  // the user, printed in the header
};

struct ExecutiveReport {
  std::string html;
  std::string title;
  double elapsed_ms = 0.0;
};

Result<ExecutiveReport> executive_report(const ExecutiveReportRequest& request);

}  // namespace planwise::app
