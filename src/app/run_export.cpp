#include "app/run_export.hpp"

#include <cerrno>
#include <cstring>

#include "app/run_workbook.hpp"
#include "app/temp_beside.hpp"

namespace planwise::app {

namespace fs = std::filesystem;

Status write_file_atomically(const fs::path& out, const std::string& bytes) {
  auto temp = TempBeside::create(out);
  if (!temp) return std::move(temp).error();
  if (!temp->write(bytes.data(), bytes.size())) return file_write_error(out, std::strerror(errno));
  return temp->keep_as(out);
}

Result<RunExportFormat> parse_export_format(const std::string& text, const std::string& field) {
  if (text == "csv") return RunExportFormat::kCsv;
  if (text == "parquet") return RunExportFormat::kParquet;
  if (text == "xlsx") return RunExportFormat::kXlsx;
  return Error::invalid_input("request", 0, field, "export_format", text,
                              field + " is csv, parquet or xlsx");
}

Status export_run_file(const RunExportRequest& r) {
  if (r.out.empty())
    return Error::invalid_input("request", 0, "out", "out_path", "", "an output file is needed");
  switch (r.format) {
    case RunExportFormat::kCsv:
    case RunExportFormat::kParquet:
      return write_table_file(r.db_path, r.run_id, r.table.value_or("year_summary"),
                              r.format == RunExportFormat::kCsv ? "csv" : "parquet", r.personal,
                              r.out);
    case RunExportFormat::kXlsx: {
      auto wb = r.table ? table_workbook(r.db_path, r.run_id, *r.table, r.personal, r.exported_at)
                        : run_workbook(r.db_path, r.run_id, r.exported_at);
      if (!wb) return std::move(wb).error();
      return write_workbook_file(*wb, r.out);
    }
  }
  return Status::success();
}

}  // namespace planwise::app
