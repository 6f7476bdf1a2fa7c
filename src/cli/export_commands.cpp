// Handlers of `runs export`, `optimize export`, `ensembles export`,
// `compare --format --out` and `report NAME --format xlsx` (issue 14 item
// 2): the app writes every file through a temporary file and a rename, so
// an error leaves nothing at --out.
#include "cli/export_commands.hpp"

#include <cstdio>

#include "app/record_workbooks.hpp"
#include "app/run_manifest.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace planwise::cli {

namespace {

// The app's errors about a request field, given as the flag that set it.
Error as_flag(Error e, const std::string& field, const std::string& flag) {
  if (e.kind == ErrorKind::kInvalidInput && e.column == field) {
    e.file = "command line";
    e.column = flag;
  }
  return e;
}

int wrote(const std::string& what, const std::string& out) {
  std::fprintf(stderr, "planwise: wrote %s to %s\n", what.c_str(), out.c_str());
  return kExitOk;
}

Status need_out(const std::string& out) {
  if (!out.empty()) return Status::success();
  return Error::command_line("--out", "out_required", "", "give the file to write with --out PATH");
}

Status need_xlsx(const std::string& format, const std::string& what) {
  if (format == "xlsx") return Status::success();
  return Error::command_line("--format", "format_xlsx", format, what + " is exported as xlsx");
}

}  // namespace

int run_runs_export(const RunExportOptions& o) {
  auto format = app::parse_export_format(o.format, "--format");
  if (!format) return fail(as_flag(format.error(), "--format", "--format"));
  if (Status s = need_out(o.out); !s.ok()) return fail(s.error());
  if (o.personal_data != "masked" && o.personal_data != "full") {
    return fail(
        Error::command_line("--personal-data", "personal_data", o.personal_data,
                            "--personal-data is masked (SSN last four, birth year) or full"));
  }
  app::RunExportRequest r;
  r.db_path = o.db;
  r.run_id = o.run_id;
  r.format = *format;
  if (!o.table.empty()) r.table = o.table;
  r.personal = o.personal_data == "full" ? app::PersonalData::kFull : app::PersonalData::kMasked;
  r.out = o.out;
  r.exported_at = app::utc_now_iso();
  if (Status s = app::export_run_file(r); !s.ok())
    return fail(as_flag(as_flag(s.error(), "table", "--table"), "out", "--out"));
  return wrote(o.table.empty() && *format == app::RunExportFormat::kXlsx
                   ? "the workbook of run " + o.run_id
                   : r.table.value_or("year_summary") + " of run " + o.run_id,
               o.out);
}

int run_record_export(const std::string& what, const std::string& db, const std::string& id,
                      const std::string& format, const std::string& out) {
  if (Status s = need_xlsx(format, "an " + what); !s.ok()) return fail(s.error());
  if (Status s = need_out(out); !s.ok()) return fail(s.error());
  const std::string now = app::utc_now_iso();
  auto wb = what == "optimization" ? app::optimization_workbook(db, id, now)
                                   : app::ensemble_workbook(db, id, now);
  if (!wb) return fail(wb.error());
  if (Status s = app::write_workbook_file(*wb, out); !s.ok()) return fail(s.error());
  return wrote("the workbook of " + what + " " + id, out);
}

int run_compare_export(const app::CompareRequest& request, const std::string& format,
                       const std::string& out) {
  if (format != "csv" && format != "xlsx")
    return fail(Error::command_line("--format", "compare_format", format,
                                    "--format is csv or xlsx (with --out PATH)"));
  if (Status s = need_out(out); !s.ok()) return fail(s.error());
  auto comparison = app::compare(request);
  if (!comparison) return fail(comparison.error());
  const Status s = format == "csv"
                       ? app::write_file_atomically(out, app::comparison_csv(*comparison))
                       : app::write_workbook_file(
                             app::comparison_workbook(*comparison, app::utc_now_iso()), out);
  if (!s.ok()) return fail(s.error());
  return wrote("the comparison", out);
}

int run_report_xlsx(const ReportOptions& o, const std::string& name) {
  if (Status s = need_out(o.out); !s.ok()) return fail(s.error());
  auto parsed = app::parse_report_name(name, "NAME");
  if (!parsed) return fail(parsed.error());
  app::ReportFilter filter;
  if (o.scenario_given) filter.scenario = o.target.scenario;
  auto wb = app::report_workbook(o.target.db_path, *parsed, filter, app::utc_now_iso());
  if (!wb) return fail(wb.error());
  if (Status s = app::write_workbook_file(*wb, o.out); !s.ok()) return fail(s.error());
  return wrote("the " + app::report_slug(*parsed) + " workbook", o.out);
}

}  // namespace planwise::cli
