#include "io/census_reader.hpp"

#include "common/number_text.hpp"
#include "io/csv_reader.hpp"

namespace planwise::io {

namespace {
std::optional<std::int8_t> parse_bool(std::string_view text) {
  if (text.empty()) return std::int8_t{-1};
  if (text == "true" || text == "TRUE" || text == "True" || text == "1") return std::int8_t{1};
  if (text == "false" || text == "FALSE" || text == "False" || text == "0") return std::int8_t{0};
  return std::nullopt;
}
}  // namespace

Result<engine::CensusRows> parse_census(const TextTable& t) {
  std::size_t col[6];
  ErrorCollector errors;
  for (int c = 0; c < 6; ++c) {
    auto found = require_column(t, kCensusColumns[c]);
    if (!found) {
      errors.add(std::move(found).error());
      continue;
    }
    col[c] = *found;
  }
  if (!errors.empty()) return errors.take();
  const std::optional<std::size_t> active_col = t.column("active");

  engine::CensusRows rows;
  rows.file = t.file;
  const std::size_t n = t.rows();
  rows.source_row.reserve(n);
  rows.employee_id.reserve(n, n * 12);
  rows.employee_ssn.reserve(n, n * 14);
  rows.birth_date.reserve(n);
  rows.hire_date.reserve(n);
  rows.termination_date.reserve(n);
  rows.gross_compensation.reserve(n);
  rows.active.reserve(n);
  for (std::size_t r = 0; r < n && !errors.full(); ++r) {
    const std::int64_t line = t.source_row(r);
    auto date = [&](int c, bool required) -> DayNumber {
      const std::string_view text = t.cell(r, col[c]);
      if (text.empty() && !required) return kNoDate;
      if (auto d = parse_date(text)) return *d;
      // A birth date is personal data: the error names its file, row and
      // column, and never shows it (errors reach the API's callers).
      errors.add(Error::invalid_input(
          t.file, line, kCensusColumns[c], "date_format",
          c == 2 ? std::string("(personal data, not shown)") : std::string(text),
          text.empty() ? "a date is required here (YYYY-MM-DD)"
                       : "expected a calendar date as YYYY-MM-DD"));
      return kNoDate;
    };
    rows.source_row.push_back(line);
    rows.employee_id.push_back(t.cell(r, col[0]));
    rows.employee_ssn.push_back(t.cell(r, col[1]));
    rows.birth_date.push_back(date(2, true));
    rows.hire_date.push_back(date(3, true));
    rows.termination_date.push_back(date(4, false));
    const std::string_view pay = t.cell(r, col[5]);
    const std::optional<double> gross = parse_double(pay);
    if (!gross) {
      errors.add(Error::invalid_input(t.file, line, kCensusColumns[5], "number_format",
                                      std::string(pay),
                                      "expected a finite decimal number of US dollars"));
    }
    rows.gross_compensation.push_back(gross.value_or(0.0));
    std::int8_t active = -1;
    if (active_col) {
      const std::string_view text = t.cell(r, *active_col);
      if (auto b = parse_bool(text)) {
        active = *b;
      } else {
        errors.add(Error::invalid_input(t.file, line, "active", "bool_format", std::string(text),
                                        "expected true or false"));
      }
    }
    rows.active.push_back(active);
  }
  if (!errors.empty()) return errors.take();
  return rows;
}

Result<engine::CensusRows> read_census_csv(const std::filesystem::path& path) {
  auto table = read_csv_file(path);
  if (!table) return std::move(table).error();
  return parse_census(*table);
}

}  // namespace planwise::io
