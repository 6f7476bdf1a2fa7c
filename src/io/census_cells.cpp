#include "io/census_cells.hpp"

#include <array>

#include "common/date.hpp"
#include "common/number_text.hpp"
#include "common/text_table.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"

namespace planwise::io {

namespace {

// parse_date's rules (exactly YYYY-MM-DD, a day that exists) for the
// census's three date columns, with the first day of each month of 1600 to
// 2399 looked up instead of computed: three million dates per million rows
// (issue 13 item 5). Other years take parse_date itself.
class CensusDate {
 public:
  static std::optional<DayNumber> parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    unsigned digit[10];
    bool all_digits = true;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      digit[i] = static_cast<unsigned char>(text[static_cast<std::size_t>(i)]) - unsigned{'0'};
      all_digits &= digit[i] <= 9;
    }
    if (!all_digits) return std::nullopt;
    const int year = static_cast<int>(digit[0] * 1000 + digit[1] * 100 + digit[2] * 10 + digit[3]);
    const unsigned month = digit[5] * 10 + digit[6];
    const int day = static_cast<int>(digit[8] * 10 + digit[9]);
    if (year < kFirstYear || year >= kFirstYear + kYears) return parse_date(text);
    if (month - 1 > 11 || day == 0) return std::nullopt;
    const std::size_t index = static_cast<std::size_t>(year - kFirstYear) * 12 + month - 1;
    const DayNumber first = kMonthStart[index];
    if (day > kMonthStart[index + 1] - first) return std::nullopt;
    return first + day - 1;
  }

 private:
  static constexpr int kFirstYear = 1600;
  static constexpr int kYears = 800;
  static constexpr std::array<DayNumber, kYears* 12 + 1> kMonthStart = [] {
    std::array<DayNumber, kYears * 12 + 1> out{};
    for (int i = 0; i <= kYears * 12; ++i)
      out[static_cast<std::size_t>(i)] = day_number(kFirstYear + i / 12, i % 12 + 1, 1);
    return out;
  }();
};

// parse_double for plain pay amounts ("65000", "65000.5"): up to 15 digits
// with an optional fraction, as m / 10^k. Both are exact doubles, so the one
// IEEE division is correctly rounded, as std::from_chars is (Clinger's fast
// path). Anything else (signs, exponents, more digits) takes parse_double.
std::optional<double> parse_pay(std::string_view text) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::uint64_t mantissa = 0;
  std::size_t digits = 0;
  std::size_t fraction_digits = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits)
    mantissa = mantissa * 10 + static_cast<unsigned>(text[i] - '0');
  const std::size_t integer_digits = digits;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits, ++fraction_digits)
      mantissa = mantissa * 10 + static_cast<unsigned>(text[i] - '0');
  }
  const bool plain = i == text.size() && integer_digits > 0 && digits <= 15 &&
                     (fraction_digits > 0 || text.back() != '.');
  if (!plain) return parse_double(text);
  return static_cast<double>(mantissa) / kPow10[fraction_digits];
}

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
    if (auto d = CensusDate::parse(text)) return *d;
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
  const std::optional<double> gross = parse_pay(pay);
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
