// Issue 14 item 2: the pieces every exported workbook is built from: a
// stored query result as a typed sheet (kinds from DuckDB's column types,
// money and fraction columns by name), the Provenance sheet, and writing a
// workbook to a file or to bytes (so the transports need not reach io/).
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "io/xlsx_workbook.hpp"
#include "store/database.hpp"

namespace planwise::app {

// Which columns of a result are money and which are fractions shown as
// percent; the other kinds follow the DuckDB type (BIGINT: integer, DOUBLE:
// number, DATE: date, TIMESTAMP: date and time, BOOLEAN, VARCHAR: text).
struct ColumnKinds {
  std::set<std::string> money;
  std::set<std::string> percent;
  std::set<std::string> dropped;  // left out of the sheet (e.g. the logical created_at)
};

// The money columns of a spec §5 output table (engine/output_schema.hpp)
// and the fractions among its columns.
ColumnKinds output_table_kinds(const std::string& table);

// A text value that does not parse as its column's kind is an internal
// error naming the sheet, row and column (stored data is typed already).
Result<io::XlsxSheet> sheet_from_result(const std::string& name, const store::TextResult& result,
                                        const ColumnKinds& kinds);

struct ProvenanceField {
  std::string field;
  io::XlsxCell value;
};

// A sheet of two columns, field and value.
io::XlsxSheet field_sheet(std::string name, std::vector<ProvenanceField> fields);

// Two columns, field and value, every workbook's last sheet: what the file
// came from. `exported_at` (ISO-8601 UTC) and the exporting engine's
// version are appended to `fields`.
io::XlsxSheet provenance_sheet(std::vector<ProvenanceField> fields, const std::string& exported_at);

// A date-time cell of an ISO-8601 text, or the text itself when it is not
// one (older records).
io::XlsxCell time_cell(const std::string& iso);

Status write_workbook_file(const io::XlsxWorkbook& workbook, const std::filesystem::path& path);
Result<std::string> workbook_bytes(const io::XlsxWorkbook& workbook);

// The media type of .xlsx files, for Content-Type.
inline constexpr const char* kXlsxMediaType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace planwise::app
