#include "io/census_cells.hpp"

#include "common/number_text.hpp"
#include "common/text_table.hpp"
#include "io/census_reader.hpp"
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

Result<CensusColumns> find_census_columns(const std::vector<std::string>& header,
                                          const std::string& file) {
  TextTable names;  // require_column's messages, on a table of the header alone
  names.file = file;
  names.header = header;
  CensusColumns columns;
  ErrorCollector errors;
  for (int c = 0; c < 6; ++c) {
    auto found = require_column(names, kCensusColumns[c]);
    if (!found) {
      errors.add(std::move(found).error());
      continue;
    }
    columns.index[c] = *found;
  }
  if (!errors.empty()) return errors.take();
  columns.active = names.column("active");
  return columns;
}

void add_census_row(const CensusColumns& columns, const std::string_view* cells, std::int64_t line,
                    const std::string& file, engine::CensusRows& rows, std::vector<Error>& errors) {
  auto date = [&](int c, bool required) -> DayNumber {
    const std::string_view text = cells[columns.index[c]];
    if (text.empty() && !required) return kNoDate;
    if (auto d = parse_date(text)) return *d;
    // A birth date is personal data: the error names its file, row and
    // column, and never shows it (errors reach the API's callers).
    errors.push_back(
        Error::invalid_input(file, line, kCensusColumns[c], "date_format",
                             c == 2 ? std::string("(personal data, not shown)") : std::string(text),
                             text.empty() ? "a date is required here (YYYY-MM-DD)"
                                          : "expected a calendar date as YYYY-MM-DD"));
    return kNoDate;
  };
  rows.source_row.push_back(line);
  rows.employee_id.push_back(cells[columns.index[0]]);
  rows.employee_ssn.push_back(cells[columns.index[1]]);
  rows.birth_date.push_back(date(2, true));
  rows.hire_date.push_back(date(3, true));
  rows.termination_date.push_back(date(4, false));
  const std::string_view pay = cells[columns.index[5]];
  const std::optional<double> gross = parse_double(pay);
  if (!gross) {
    errors.push_back(Error::invalid_input(file, line, kCensusColumns[5], "number_format",
                                          std::string(pay),
                                          "expected a finite decimal number of US dollars"));
  }
  rows.gross_compensation.push_back(gross.value_or(0.0));
  std::int8_t active = -1;
  if (columns.active) {
    const std::string_view text = cells[*columns.active];
    if (auto b = parse_bool(text)) {
      active = *b;
    } else {
      errors.push_back(Error::invalid_input(file, line, "active", "bool_format", std::string(text),
                                            "expected true or false"));
    }
  }
  rows.active.push_back(active);
}

void reserve_census_rows(engine::CensusRows& rows, std::size_t count) {
  rows.source_row.reserve(count);
  rows.employee_id.reserve(count, count * 12);
  rows.employee_ssn.reserve(count, count * 14);
  rows.birth_date.reserve(count);
  rows.hire_date.reserve(count);
  rows.termination_date.reserve(count);
  rows.gross_compensation.reserve(count);
  rows.active.reserve(count);
}

}  // namespace planwise::io
