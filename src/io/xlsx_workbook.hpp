// Issue 14 item 2: Excel workbooks with typed cells. A workbook is a list of
// sheets, each one table: a bold header row (frozen, with an autofilter over
// the table) and rows of typed cells: money, percent (of a fraction), real
// Excel dates and times, integers, numbers, booleans and text. The file is
// written beside its destination and renamed into place, so a failed write
// leaves nothing at the path. xlsxwriter.h stays in xlsx_workbook.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace planwise::io {

// Excel's limits: rows per sheet (the header row included) and characters
// in a sheet name (Excel specifications and limits).
inline constexpr std::int64_t kXlsxMaxRows = 1048576;
inline constexpr std::size_t kXlsxMaxSheetName = 31;
inline constexpr std::size_t kXlsxMaxTextChars = 32767;

enum class CellKind : unsigned char {
  kEmpty,
  kText,
  kInteger,   // 1,234
  kKey,       // an integer that names something (a year, a level): 2026, no separator
  kNumber,    // 0.1234 (shortest round-trip in the file; General format)
  kMoney,     // $1,234.56
  kPercent,   // a fraction shown as 2.35%
  kDate,      // an Excel date shown yyyy-mm-dd
  kDateTime,  // an Excel date and time shown yyyy-mm-dd hh:mm:ss (UTC)
  kBool,
};

struct XlsxCell {
  CellKind kind = CellKind::kEmpty;
  double number = 0.0;  // numbers; dates and times as Excel serial days
  std::string text;     // kText
};

// Cell constructors. date() and date_time() take ISO-8601 text
// ("2026-12-31", "2026-12-03T21:22:50Z" or with a space and fractions of a
// second) and give an empty cell for an empty text; nullopt when the text is
// not such a date.
XlsxCell text_cell(std::string text);
XlsxCell integer_cell(std::int64_t value);
XlsxCell key_cell(std::int64_t value);
XlsxCell number_cell(double value);
XlsxCell money_cell(double value);
XlsxCell percent_cell(double fraction);
XlsxCell bool_cell(bool value);
std::optional<XlsxCell> date_cell(const std::string& iso_date);
std::optional<XlsxCell> date_time_cell(const std::string& iso_time);

// A cell of `kind` from its text form (DuckDB's VARCHAR cast: numbers,
// true/false, ISO dates); null text is an empty cell. nullopt when the text
// does not parse as that kind.
std::optional<XlsxCell> cell_from_text(CellKind kind, const std::optional<std::string>& text);

struct XlsxColumn {
  std::string name;
  CellKind kind = CellKind::kText;  // chooses the column's width
};

struct XlsxSheet {
  std::string name;  // unique in the workbook, at most 31 characters, none of []:*?/\ .
  std::vector<XlsxColumn> columns;
  std::vector<std::vector<XlsxCell>> rows;  // each as many cells as columns
};

struct XlsxWorkbook {
  std::vector<XlsxSheet> sheets;
};

// Sheets print landscape, with the header row on every page.
// Checks the workbook (sheet names, row counts within Excel's limit, row
// widths) and writes it to `path` via a temporary file in the same folder,
// renamed into place. Errors name the file; invalid sheets are invalid input
// naming the sheet. Nothing is left at `path` or beside it on failure.
Status write_xlsx(const XlsxWorkbook& workbook, const std::filesystem::path& path);

// The same workbook as the bytes of an .xlsx file (written in a private
// temporary folder that is removed on every path), for HTTP responses.
Result<std::string> xlsx_bytes(const XlsxWorkbook& workbook);

}  // namespace planwise::io
