// `planwise report NAME` (issue 11 items 5 and 7): a governance report as
// an aligned table, CSV or a print-friendly HTML page, or the executive
// report document of a published plan or a change request.
#include "cli/report_commands.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/executive_report.hpp"
#include "app/governance_reports.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/export_commands.hpp"
#include "cli/governance_commands.hpp"
#include "cli/text_table.hpp"

namespace planwise::cli {

namespace {

constexpr const char* kExecutiveReport = "executive-report";

std::string table_text(const app::ReportTable& t) {
  TextTablePrinter printer(t.columns);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(cell.value_or(""));
    printer.add_row(std::move(cells));
  }
  return t.title + " (view " + t.view + ")\n" +
         printer.render(std::vector<bool>(t.columns.size(), true)) + "(" +
         std::to_string(t.rows.size()) + " rows)\n";
}

// To --out FILE (saying so on stderr) or to stdout.
int emit(const std::string& text, const std::string& out, const std::string& what) {
  if (out.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream file(out, std::ios::binary);
  file << text;
  if (!file.flush()) {
    return fail(Error::invalid_input("command line", 0, "--out", "file_writable", out,
                                     "cannot write " + out));
  }
  std::fprintf(stderr, "planwise: wrote %s to %s\n", what.c_str(), out.c_str());
  return kExitOk;
}

int run_executive_report(const ReportOptions& o) {
  if (o.format != "html" && o.format != "table") {
    return fail(Error::invalid_input("command line", 0, "--format", "format_html", o.format,
                                     "the executive report is an HTML document: --format html"));
  }
  if (o.request_id.empty() == !o.scenario_given) {
    return fail(Error::invalid_input(
        "command line", 0, "--request", "one_subject", o.request_id,
        "the executive report is of a scenario's published plan (--scenario S) or of a change "
        "request (--request CR-n): give exactly one"));
  }
  auto actor = governance_actor(o.target.db_path, o.as);
  if (!actor) return fail(actor.error());
  app::ExecutiveReportRequest q;
  q.inputs = o.target.inputs;
  q.db_path = o.target.db_path;
  if (o.request_id.empty())
    q.scenario = o.target.scenario;
  else
    q.request_id = o.request_id;
  q.generated_by = actor->name;
  auto report = app::executive_report(q);
  if (!report) return fail(report.error());
  return emit(report->html, o.out, report->title);
}

}  // namespace

int run_report(const ReportOptions& o, const std::string& name) {
  if (name == kExecutiveReport) return run_executive_report(o);
  if (!o.request_id.empty()) {
    return fail(Error::invalid_input("command line", 0, "--request", "executive_report_only",
                                     o.request_id, "--request is for executive-report only"));
  }
  if (o.format == "xlsx") return run_report_xlsx(o, name);  // issue 14 item 2
  auto parsed = app::parse_report_name(name, "NAME");
  if (!parsed) return fail(parsed.error());
  app::ReportFilter filter;
  if (o.scenario_given) filter.scenario = o.target.scenario;
  auto table = app::governance_report(o.target.db_path, *parsed, filter);
  if (!table) return fail(table.error());
  if (o.format == "csv") return emit(app::report_csv(*table), o.out, table->title);
  if (o.format == "html") return emit(app::report_html(*table), o.out, table->title);
  return emit(table_text(*table), o.out, table->title);
}

}  // namespace planwise::cli
