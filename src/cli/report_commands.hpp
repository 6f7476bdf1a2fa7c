// Handler of `planwise report NAME` (issue 11 items 5 and 7); the flags are
// in report_flags.cpp.
#pragma once

#include <string>

#include "app/lever_commands.hpp"

namespace planwise::cli {

struct ReportOptions {
  app::LeverTarget target;  // inputs and --db; scenario: the --scenario filter
  bool scenario_given = false;
  std::string request_id;        // executive-report --request
  std::string format = "table";  // table | csv | html
  std::string out;               // --out FILE; empty: stdout
  std::string as;                // --as: printed in the executive report's header
};
int run_report(const ReportOptions& o, const std::string& name);

}  // namespace planwise::cli
