// Issue 14 item 1: applying a census map, row by row. Dates are rewritten
// as YYYY-MM-DD and pay as annual US dollars (hourly: rate x weekly hours x
// 52), so the bundled census reader reads the result unchanged.
#include "io/census_mapping.hpp"

#include <array>

#include "common/number_text.hpp"
#include "io/census_dates.hpp"
#include "io/census_mapper.hpp"
#include "io/census_reader.hpp"
#include "io/text_fold.hpp"

namespace planwise::io {

namespace {

constexpr double kWeeksPerYear = 52.0;  // docs/data.md "Hourly pay"
constexpr double kMaxWeeklyHours = 168.0;

// docs/data.md "Status": the words read as employed / not employed.
constexpr std::string_view kActiveWords[] = {
    "active",           "a",   "true",      "1", "yes", "y", "leave", "on leave",
    "leave of absence", "loa", "paid leave"};
constexpr std::string_view kTerminatedWords[] = {
    "terminated", "t",      "inactive", "i",        "false",     "0",        "no",
    "n",          "termed", "retired",  "deceased", "withdrawn", "separated"};

template <class Words>
bool among(std::string_view value, const Words& words) {
  for (const auto& w : words) {
    if (equal_folded(value, w)) return true;
  }
  return false;
}

// Where each mapped field is in the source, or npos.
using FieldColumns = std::array<std::size_t, kCensusFieldCount>;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

class Mapper {
 public:
  Mapper(const TextTable& source, const CensusMap& map) : s_(source), map_(map) {
    out_.table.file = source.file;
    out_.table.header.assign(std::begin(kCensusColumns), std::end(kCensusColumns));
    out_.table.header.push_back("active");
    columns_.fill(kNone);
  }

  MappedCensus run() {
    check_map();
    if (!out_.map_usable) return std::move(out_);
    out_.table.reserve(s_.rows(), s_.rows() * 80);
    std::vector<std::size_t> excluded(map_.exclude.size(), 0);
    for (std::size_t r = 0; r < s_.rows(); ++r) {
      if (auto rule = excluded_by(r)) {
        ++excluded[*rule];
        continue;
      }
      map_row(r);
    }
    for (std::size_t i = 0; i < map_.exclude.size(); ++i)
      out_.excluded.emplace_back(exclusion_reason(map_.exclude[i]), excluded[i]);
    return std::move(out_);
  }

 private:
  void map_error(std::optional<CensusField> field, std::int64_t row, std::string column,
                 const char* rule, std::string message) {
    out_.errors.push_back(
        {Error::invalid_input(s_.file, row, std::move(column), rule, "", std::move(message)),
         field});
    out_.map_usable = false;
  }

  bool hourly_possible(std::size_t basis_column) const {
    if (map_.pay_basis == PayBasis::kHourly) return true;
    if (const std::size_t hourly = columns_[idx(CensusField::kHourlyRate)]; hourly != kNone) {
      const std::size_t pay = columns_[idx(CensusField::kPay)];
      for (std::size_t r = 0; r < s_.rows(); ++r) {
        if (!trimmed(s_.cell(r, hourly)).empty() &&
            (pay == kNone || trimmed(s_.cell(r, pay)).empty()))
          return true;
      }
    }
    if (map_.pay_basis != PayBasis::kPerRow || basis_column == kNone) return false;
    for (std::size_t r = 0; r < s_.rows(); ++r) {
      if (pay_period_from_text(s_.cell(r, basis_column)) == PayPeriod::kHourly) return true;
    }
    return false;
  }

  void check_map() {
    for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
      const auto field = static_cast<CensusField>(f);
      const ColumnMapping& m = map_.fields[f];
      const std::string key(census_field_key(field));
      if (!m.mapped()) {
        const bool hourly_beside = map_.field(CensusField::kHourlyRate).mapped();
        const bool needed =
            (census_field_required(field) && !(field == CensusField::kPay && hourly_beside)) ||
            (field == CensusField::kPayBasis && map_.pay_basis == PayBasis::kPerRow);
        if (needed) {
          map_error(field, 0, "", "field_not_mapped",
                    "no column of the file is mapped to " + key + ", which the census needs");
        }
        continue;
      }
      const auto c = s_.column(m.column);
      if (!c) {
        map_error(field, 1, m.column, "column_missing",
                  "the map reads " + key + " from column '" + m.column +
                      "', which the file's header does not have");
        continue;
      }
      columns_[f] = *c;
      if (!census_field_is_date(field) || m.date_format || column_empty(*c)) continue;
      if (m.date_format_candidates.size() > 1) {
        std::string options;
        for (DateFormat d : m.date_format_candidates)
          options += std::string(options.empty() ? "" : " or ") + std::string(date_format_name(d));
        map_error(field, 0, m.column, kRuleDateFormatAmbiguous,
                  "the dates of column '" + m.column + "' (" + key + ") read equally well as " +
                      options +
                      " (no day is above 12): which is it? State date_format in the map or "
                      "--date-format");
      } else {
        map_error(field, 0, m.column, "date_format_unknown",
                  "no date format of docs/data.md reads the values of column '" + m.column + "' (" +
                      key + "); state date_format in the map");
      }
    }
    for (const ExclusionRule& rule : map_.exclude) {
      if (!s_.column(rule.column)) {
        map_error(std::nullopt, 1, rule.column, "column_missing",
                  "an exclusion rule reads column '" + rule.column +
                      "', which the file's header does not have");
      }
    }
    const bool hours_known = columns_[idx(CensusField::kStandardHours)] != kNone ||
                             map_.default_standard_hours.has_value();
    if (!hours_known && hourly_possible(columns_[idx(CensusField::kPayBasis)])) {
      map_error(CensusField::kStandardHours, 0, "", kRuleStandardHoursMissing,
                "hourly pay needs the standard weekly hours: how many hours a week? Map a "
                "standard-hours column or state standard_hours_default (--standard-hours)");
    }
  }

  static std::size_t idx(CensusField f) { return static_cast<std::size_t>(f); }

  // A column with no value needs no date format (no one terminated yet).
  bool column_empty(std::size_t c) const {
    for (std::size_t r = 0; r < s_.rows(); ++r) {
      if (!trimmed(s_.cell(r, c)).empty()) return false;
    }
    return true;
  }

  std::optional<std::size_t> excluded_by(std::size_t r) const {
    for (std::size_t i = 0; i < map_.exclude.size(); ++i) {
      const ExclusionRule& rule = map_.exclude[i];
      const std::string_view cell = s_.cell(r, *s_.column(rule.column));
      for (const std::string& v : rule.values) {
        if (equal_folded(cell, v)) return i;
      }
    }
    return std::nullopt;
  }

  std::string_view cell(std::size_t r, CensusField f) const {
    const std::size_t c = columns_[idx(f)];
    return c == kNone ? std::string_view() : trimmed(s_.cell(r, c));
  }

  void cell_error(std::size_t r, CensusField f, const char* rule, std::string_view value,
                  std::string message) {
    // SSNs and birth dates are personal data: named, never shown.
    const bool personal = f == CensusField::kSsn || f == CensusField::kBirthDate;
    out_.errors.push_back(
        {Error::invalid_input(s_.file, s_.source_row(r), map_.field(f).column, rule,
                              personal ? "(personal data, not shown)" : std::string(value),
                              std::move(message)),
         f});
    row_failed_ = true;
  }

  std::string date(std::size_t r, CensusField f) {
    const std::string_view text = cell(r, f);
    if (text.empty()) {
      if (f != CensusField::kTerminationDate)
        cell_error(r, f, "date_required", text, "a date is required here");
      return "";
    }
    const DateFormat format = *map_.field(f).date_format;
    if (auto day = parse_date_as(text, format)) return format_date(*day);
    cell_error(r, f, "date_format", text,
               "expected a date as " + std::string(date_format_name(format)) +
                   " (the format of this column)");
    return "";
  }

  double weekly_hours(std::size_t r) {
    const std::string_view text = cell(r, CensusField::kStandardHours);
    if (text.empty()) {
      if (map_.default_standard_hours) return *map_.default_standard_hours;
      cell_error(r, CensusField::kStandardHours, kRuleStandardHoursMissing, text,
                 "an hourly employee needs standard weekly hours (or standard_hours_default)");
      return 0;
    }
    const auto hours = parse_double(text);
    if (!hours || *hours <= 0 || *hours > kMaxWeeklyHours) {
      cell_error(r, CensusField::kStandardHours, "hours_range", text,
                 "expected weekly hours above 0 and at most 168");
      return 0;
    }
    return *hours;
  }

  std::string annual_pay(std::size_t r) {
    // A row with no pay cell takes the hourly-rate column, if mapped.
    const bool hourly_beside = columns_[idx(CensusField::kHourlyRate)] != kNone &&
                               cell(r, CensusField::kPay).empty() &&
                               !cell(r, CensusField::kHourlyRate).empty();
    const CensusField source = hourly_beside ? CensusField::kHourlyRate : CensusField::kPay;
    const std::string_view text = cell(r, source);
    const auto amount = parse_money(text);
    if (!amount) {
      cell_error(r, source, "number_format", text,
                 "expected an amount of US dollars, e.g. 65000 or $65,000.00");
      return "";
    }
    PayPeriod period = map_.pay_basis == PayBasis::kHourly || hourly_beside ? PayPeriod::kHourly
                                                                            : PayPeriod::kAnnual;
    if (map_.pay_basis == PayBasis::kPerRow && !hourly_beside) {
      const std::string_view basis = cell(r, CensusField::kPayBasis);
      const auto p = pay_period_from_text(basis);
      if (!p) {
        cell_error(r, CensusField::kPayBasis, "pay_basis", basis,
                   "expected Hourly, Weekly, Biweekly, Semimonthly, Monthly or Annual (Salary)");
        return "";
      }
      period = *p;
    }
    double factor = 1.0;
    switch (period) {
      case PayPeriod::kHourly:
        factor = weekly_hours(r) * kWeeksPerYear;
        break;
      case PayPeriod::kWeekly:
        factor = 52;
        break;
      case PayPeriod::kBiweekly:
        factor = 26;
        break;
      case PayPeriod::kSemimonthly:
        factor = 24;
        break;
      case PayPeriod::kMonthly:
        factor = 12;
        break;
      case PayPeriod::kAnnual:
        break;
    }
    return shortest_text(*amount * factor);
  }

  std::string status(std::size_t r) {
    if (columns_[idx(CensusField::kStatus)] == kNone) return "";
    const std::string_view text = cell(r, CensusField::kStatus);
    if (text.empty()) return "";
    const bool custom = !map_.active_values.empty() || !map_.terminated_values.empty();
    const bool active = custom ? among(text, map_.active_values) : among(text, kActiveWords);
    const bool terminated =
        custom ? among(text, map_.terminated_values) : among(text, kTerminatedWords);
    if (active == terminated) {
      cell_error(r, CensusField::kStatus, "status_value", text,
                 "not a status the map knows: list it under status_active_values or "
                 "status_terminated_values");
      return "";
    }
    return active ? "true" : "false";
  }

  int level(std::size_t r) {
    const std::string_view text = cell(r, CensusField::kLevel);
    if (columns_[idx(CensusField::kLevel)] == kNone || text.empty()) return 0;
    const auto l = parse_int(text);
    if (!l || *l < 1 || *l > 99) {
      out_.warnings.push_back(
          {Error::invalid_input(s_.file, s_.source_row(r), map_.field(CensusField::kLevel).column,
                                "level_format", std::string(text),
                                "expected a level number; the level is derived from pay"),
           CensusField::kLevel});
      return 0;
    }
    return static_cast<int>(*l);
  }

  void map_row(std::size_t r) {
    row_failed_ = false;
    const std::string cells[7] = {std::string(cell(r, CensusField::kEmployeeId)),
                                  std::string(cell(r, CensusField::kSsn)),
                                  date(r, CensusField::kBirthDate),
                                  date(r, CensusField::kHireDate),
                                  date(r, CensusField::kTerminationDate),
                                  annual_pay(r),
                                  status(r)};
    const int stated = level(r);
    if (row_failed_) {
      ++out_.rows_with_errors;
      return;
    }
    out_.table.begin_row(s_.source_row(r));
    for (const std::string& c : cells) out_.table.add_cell(c);
    out_.stated_level.push_back(stated);
  }

  const TextTable& s_;
  const CensusMap& map_;
  FieldColumns columns_{};
  MappedCensus out_;
  bool row_failed_ = false;
};

}  // namespace

std::string exclusion_reason(const ExclusionRule& rule) {
  if (!rule.reason.empty()) return rule.reason;
  std::string values;
  for (const std::string& v : rule.values) values += std::string(values.empty() ? "" : " or ") + v;
  return rule.column + " is " + values;
}

MappedCensus apply_census_map(const TextTable& source, const CensusMap& map) {
  return Mapper(source, map).run();
}

}  // namespace planwise::io
