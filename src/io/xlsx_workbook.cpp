#include "io/xlsx_workbook.hpp"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

#include "common/date.hpp"
#include "common/number_text.hpp"

namespace planwise::io {

namespace {

namespace fs = std::filesystem;

// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in), which is
// day -25569 from 1970-01-01, the origin of our DayNumber.
constexpr double kExcelEpochOffset = 25569.0;
constexpr double kSecondsPerDay = 86400.0;
// Column widths in characters: enough for a header or a value, never a wall.
constexpr double kMinWidth = 8.0;
constexpr double kMaxWidth = 60.0;

Error sheet_error(const std::string& sheet, const std::string& rule, const std::string& value,
                  const std::string& message) {
  return Error::invalid_input("workbook", 0, "sheet " + sheet, rule, value, message);
}

Status check_sheet(const XlsxSheet& sheet, std::set<std::string>& seen) {
  const std::string& n = sheet.name;
  if (n.empty() || n.size() > kXlsxMaxSheetName || n.find_first_of("[]:*?/\\") != n.npos ||
      n.front() == '\'' || n.back() == '\'') {
    return sheet_error(n, "sheet_name", n,
                       "a sheet name has 1 to 31 characters, none of []:*?/\\, and does not "
                       "start or end with an apostrophe");
  }
  std::string folded = n;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!seen.insert(folded).second)
    return sheet_error(n, "sheet_unique", n, "two sheets are named " + n);
  if (static_cast<std::int64_t>(sheet.rows.size()) + 1 > kXlsxMaxRows) {
    return sheet_error(n, "excel_row_limit", std::to_string(sheet.rows.size()),
                       std::to_string(sheet.rows.size()) +
                           " rows and a header do not fit Excel's 1,048,576 rows per sheet; "
                           "export the table as CSV or Parquet");
  }
  if (sheet.columns.empty() || sheet.columns.size() > 16384)
    return sheet_error(n, "sheet_columns", std::to_string(sheet.columns.size()),
                       "a sheet has 1 to 16,384 columns");
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    if (sheet.rows[r].size() != sheet.columns.size())
      return sheet_error(n, "row_width", std::to_string(r + 1),
                         "row " + std::to_string(r + 1) + " has " +
                             std::to_string(sheet.rows[r].size()) + " cells for " +
                             std::to_string(sheet.columns.size()) + " columns");
    for (const XlsxCell& cell : sheet.rows[r]) {
      if (cell.kind == CellKind::kText && cell.text.size() > kXlsxMaxTextChars)
        return sheet_error(n, "excel_text_limit", std::to_string(r + 1),
                           "a cell holds more than Excel's 32,767 characters");
    }
  }
  return Status::success();
}

// The characters a cell shows, for the column's width.
std::size_t shown_width(const XlsxCell& cell) {
  switch (cell.kind) {
    case CellKind::kEmpty:
      return 0;
    case CellKind::kText:
      return cell.text.size();
    case CellKind::kKey:
      return std::to_string(static_cast<std::int64_t>(cell.number)).size();
    case CellKind::kInteger:
    case CellKind::kMoney: {
      const std::size_t digits = std::to_string(static_cast<std::int64_t>(cell.number)).size();
      return digits + digits / 3 + (cell.kind == CellKind::kMoney ? 4 : 0);
    }
    case CellKind::kNumber:
      return shortest_text(cell.number).size();
    case CellKind::kPercent:
      return 9;
    case CellKind::kDate:
      return 10;
    case CellKind::kDateTime:
      return 19;
    case CellKind::kBool:
      return 5;
  }
  return 0;
}

double column_width(const XlsxSheet& sheet, std::size_t column) {
  // The header carries the autofilter's drop-down arrow: two more characters.
  std::size_t width = sheet.columns[column].name.size() + 2;
  for (const auto& row : sheet.rows) width = std::max(width, shown_width(row[column]));
  return std::clamp(static_cast<double>(width) + 1.0, kMinWidth, kMaxWidth);
}

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* money = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* date = nullptr;
  lxw_format* date_time = nullptr;
  lxw_format* boolean = nullptr;
};

Formats add_formats(lxw_workbook* wb) {
  Formats f;
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  auto numeric = [wb](const char* pattern) {
    lxw_format* format = workbook_add_format(wb);
    format_set_num_format(format, pattern);
    return format;
  };
  f.integer = numeric("#,##0");
  f.money = numeric("$#,##0.00");
  f.percent = numeric("0.00%");
  f.date = numeric("yyyy-mm-dd");
  f.date_time = numeric("yyyy-mm-dd hh:mm:ss");
  // Excel shows a boolean cell as TRUE/FALSE by itself; LibreOffice needs
  // the format to (it shows 1/0 otherwise).
  f.boolean = numeric("\"TRUE\";\"TRUE\";\"FALSE\"");
  return f;
}

lxw_error write_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const XlsxCell& cell,
                     const Formats& f) {
  switch (cell.kind) {
    case CellKind::kEmpty:
      return LXW_NO_ERROR;
    case CellKind::kText:
      return worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
    case CellKind::kInteger:
      return worksheet_write_number(ws, row, col, cell.number, f.integer);
    case CellKind::kKey:
      return worksheet_write_number(ws, row, col, cell.number, nullptr);
    case CellKind::kNumber:
      return worksheet_write_number(ws, row, col, cell.number, nullptr);
    case CellKind::kMoney:
      return worksheet_write_number(ws, row, col, cell.number, f.money);
    case CellKind::kPercent:
      return worksheet_write_number(ws, row, col, cell.number, f.percent);
    case CellKind::kDate:
      return worksheet_write_number(ws, row, col, cell.number, f.date);
    case CellKind::kDateTime:
      return worksheet_write_number(ws, row, col, cell.number, f.date_time);
    case CellKind::kBool:
      return worksheet_write_boolean(ws, row, col, cell.number != 0.0, f.boolean);
  }
  return LXW_NO_ERROR;
}

lxw_error write_sheet(lxw_workbook* wb, const XlsxSheet& sheet, const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (ws == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    if (lxw_error e = worksheet_set_column(ws, col, col, column_width(sheet, c), nullptr)) return e;
    if (lxw_error e = worksheet_write_string(ws, 0, col, sheet.columns[c].name.c_str(), f.header))
      return e;
  }
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
      if (lxw_error e = write_cell(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                                   sheet.rows[r][c], f))
        return e;
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_landscape(ws);
  // Printed one page wide (as many pages tall as needed): a table cut into
  // column strips across pages cannot be read on paper.
  worksheet_fit_to_pages(ws, 1, 0);
  if (lxw_error e = worksheet_repeat_rows(ws, 0, 0)) return e;
  return worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                              static_cast<lxw_col_t>(sheet.columns.size() - 1));
}

Error storage_error(const fs::path& path, const std::string& what) {
  return Error::make(ErrorKind::kStorage,
                     "cannot write the workbook " + path.string() + ": " + what);
}

// Writes the workbook to `file` (which may exist and is overwritten).
Status write_to(const XlsxWorkbook& workbook, const fs::path& file, const fs::path& named) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (wb == nullptr) return storage_error(named, "cannot create the file");
  const Formats f = add_formats(wb);
  for (const XlsxSheet& sheet : workbook.sheets) {
    if (lxw_error e = write_sheet(wb, sheet, f)) {
      workbook_close(wb);  // frees it; the partial file is removed by the caller
      return storage_error(named, std::string("sheet ") + sheet.name + ": " + lxw_strerror(e));
    }
  }
  if (lxw_error e = workbook_close(wb)) return storage_error(named, lxw_strerror(e));
  return Status::success();
}

Status check_workbook(const XlsxWorkbook& workbook) {
  if (workbook.sheets.empty())
    return Error::invalid_input("workbook", 0, "sheets", "sheet_count", "0",
                                "a workbook has at least one sheet");
  std::set<std::string> seen;
  for (const XlsxSheet& sheet : workbook.sheets) PLANWISE_RETURN_IF_ERROR(check_sheet(sheet, seen));
  return Status::success();
}

// Parses "HH:MM:SS" (with optional fractions) at `text[at]`.
std::optional<double> seconds_of_day(const std::string& text, std::size_t at) {
  if (text.size() < at + 8 || text[at + 2] != ':' || text[at + 5] != ':') return std::nullopt;
  const auto h = parse_int(text.substr(at, 2));
  const auto m = parse_int(text.substr(at + 3, 2));
  double s = 0.0;
  std::size_t end = at + 8;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               (text[end] == '.' && end == at + 8)))
    ++end;
  const auto sec = parse_double(text.substr(at + 6, end - at - 6));
  if (!h || !m || !sec || *h > 23 || *m > 59 || *sec >= 61.0) return std::nullopt;
  s = static_cast<double>(*h * 3600 + *m * 60) + *sec;
  // What may follow: a UTC designator (Z, +00, +00:00).
  const std::string rest = text.substr(end);
  if (!rest.empty() && rest != "Z" && rest != "+00" && rest != "+00:00") return std::nullopt;
  return s;
}

}  // namespace

XlsxCell text_cell(std::string text) {
  return {CellKind::kText, 0.0, std::move(text)};
}
XlsxCell integer_cell(std::int64_t value) {
  return {CellKind::kInteger, static_cast<double>(value), {}};
}
XlsxCell key_cell(std::int64_t value) {
  return {CellKind::kKey, static_cast<double>(value), {}};
}
XlsxCell number_cell(double value) {
  if (!std::isfinite(value)) return {};
  return {CellKind::kNumber, value, {}};
}
XlsxCell money_cell(double value) {
  if (!std::isfinite(value)) return {};
  return {CellKind::kMoney, value, {}};
}
XlsxCell percent_cell(double fraction) {
  if (!std::isfinite(fraction)) return {};
  return {CellKind::kPercent, fraction, {}};
}
XlsxCell bool_cell(bool value) {
  return {CellKind::kBool, value ? 1.0 : 0.0, {}};
}

std::optional<XlsxCell> date_cell(const std::string& iso_date) {
  if (iso_date.empty()) return XlsxCell{};
  const auto day = parse_date(std::string_view(iso_date).substr(0, 10));
  if (!day || (iso_date.size() > 10 && iso_date[10] != 'T' && iso_date[10] != ' '))
    return std::nullopt;
  return XlsxCell{CellKind::kDate, static_cast<double>(*day) + kExcelEpochOffset, {}};
}

std::optional<XlsxCell> date_time_cell(const std::string& iso_time) {
  if (iso_time.empty()) return XlsxCell{};
  const auto day = parse_date(std::string_view(iso_time).substr(0, 10));
  if (!day) return std::nullopt;
  double seconds = 0.0;
  if (iso_time.size() > 10) {
    if (iso_time[10] != 'T' && iso_time[10] != ' ') return std::nullopt;
    const auto s = seconds_of_day(iso_time, 11);
    if (!s) return std::nullopt;
    seconds = *s;
  }
  return XlsxCell{CellKind::kDateTime,
                  static_cast<double>(*day) + kExcelEpochOffset + seconds / kSecondsPerDay,
                  {}};
}

std::optional<XlsxCell> cell_from_text(CellKind kind, const std::optional<std::string>& text) {
  if (!text) return XlsxCell{};
  switch (kind) {
    case CellKind::kEmpty:
      return XlsxCell{};
    case CellKind::kText:
      return text_cell(*text);
    case CellKind::kInteger:
    case CellKind::kKey: {
      const auto v = parse_int(*text);
      if (!v) return std::nullopt;
      return XlsxCell{kind, static_cast<double>(*v), {}};
    }
    case CellKind::kNumber:
    case CellKind::kMoney:
    case CellKind::kPercent: {
      const auto v = parse_double(*text);
      if (!v) return std::nullopt;
      return XlsxCell{
          std::isfinite(*v) ? kind : CellKind::kEmpty, std::isfinite(*v) ? *v : 0.0, {}};
    }
    case CellKind::kDate:
      return date_cell(*text);
    case CellKind::kDateTime:
      return date_time_cell(*text);
    case CellKind::kBool:
      if (*text == "true") return bool_cell(true);
      if (*text == "false") return bool_cell(false);
      return std::nullopt;
  }
  return std::nullopt;
}

Status write_xlsx(const XlsxWorkbook& workbook, const fs::path& path) {
  PLANWISE_RETURN_IF_ERROR(check_workbook(workbook));
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string temp = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return storage_error(path, std::strerror(errno));
  ::close(fd);
  Status written = write_to(workbook, temp, path);
  std::error_code ec;
  if (written.ok()) {
    fs::rename(temp, path, ec);
    if (!ec) return Status::success();
    written = storage_error(path, ec.message());
  }
  fs::remove(temp, ec);
  return written;
}

Result<std::string> xlsx_bytes(const XlsxWorkbook& workbook) {
  PLANWISE_RETURN_IF_ERROR(check_workbook(workbook));
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  if (ec) return Error::make(ErrorKind::kStorage, "no temporary folder: " + ec.message());
  std::string dir = (base / "planwise-xlsx-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr)
    return Error::make(ErrorKind::kStorage, "cannot create a temporary folder in " + base.string() +
                                                ": " + std::strerror(errno));
  const fs::path file = fs::path(dir) / "workbook.xlsx";
  Result<std::string> out = [&]() -> Result<std::string> {
    PLANWISE_RETURN_IF_ERROR(write_to(workbook, file, file));
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) return storage_error(file, "cannot read it back");
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) return storage_error(file, "cannot read it back");
    return bytes;
  }();
  fs::remove_all(dir, ec);
  return out;
}

}  // namespace planwise::io
