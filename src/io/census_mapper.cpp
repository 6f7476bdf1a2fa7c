// Issue 14 item 1: the map proposal. Names are compared after
// normalised_name ("Employee ID" == "employee_id"); within a field the
// earlier name in its list wins, so "Hire Date" beats "Original Hire Date".
#include "io/census_mapper.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/number_text.hpp"
#include "io/census_dates.hpp"
#include "io/text_fold.hpp"

namespace planwise::io {

namespace {

struct KnownName {
  std::string_view normalised;  // as normalised_name gives it
  std::string_view origin;      // who uses it, shown as the reason
};

// docs/data.md "Recognised column names" lists these; keep them in step.
const std::vector<KnownName>& known_names(CensusField field) {
  static const std::vector<KnownName> kNames[kCensusFieldCount] = {
      // employee_id
      {{"employeeid", "our name / Workday"},
       {"workerid", "Workday"},
       {"employeenumber", "common"},
       {"personnelnumber", "SAP SuccessFactors"},
       {"pernr", "SAP"},
       {"userid", "SAP SuccessFactors"},
       {"personidexternal", "SAP SuccessFactors"},
       {"associateid", "ADP"},
       {"filenumber", "ADP"},
       {"empid", "common"},
       {"eeid", "common"}},
      // employee_ssn
      {{"employeessn", "our name"},
       {"ssn", "common"},
       {"socialsecuritynumber", "common"},
       {"nationalid", "Workday / SAP SuccessFactors"},
       {"taxidssn", "ADP"},
       {"taxid", "ADP"}},
      // birth_date
      {{"employeebirthdate", "our name"},
       {"dateofbirth", "Workday / SAP SuccessFactors"},
       {"birthdate", "Workday / ADP"},
       {"dob", "common"}},
      // hire_date
      {{"employeehiredate", "our name"},
       {"hiredate", "Workday / ADP"},
       {"mostrecenthiredate", "Workday"},
       {"originalhiredate", "Workday"},
       {"entrydate", "SAP"},
       {"startdate", "SAP SuccessFactors"},
       {"positionstartdate", "ADP"},
       {"dateofhire", "common"}},
      // termination_date
      {{"employeeterminationdate", "our name"},
       {"terminationdate", "Workday / ADP / SAP SuccessFactors"},
       {"termdate", "common"},
       {"separationdate", "common"},
       {"leavingdate", "SAP"},
       {"enddate", "SAP SuccessFactors"}},
      // pay: annual names first; hourly and per-row names set the basis
      {{"employeegrosscompensation", "our name"},
       {"annualbasesalary", "Workday"},
       {"annualsalary", "SAP SuccessFactors / ADP"},
       {"basesalary", "common"},
       {"annualbasepay", "common"},
       {"totalbasepayannualized", "Workday"},
       {"hourlyrate", "Workday / common"},
       {"hourlypayrate", "common"},
       {"regularpayrateamount", "ADP"},
       {"payrateamount", "ADP"},
       {"payrate", "common"}},
      // pay_basis
      {{"paybasis", "common"},
       {"payratetype", "Workday"},
       {"regularpayratedescription", "ADP"},
       {"paytype", "common"},
       {"hourlysalaried", "common"},
       {"payrateunit", "common"}},
      // standard_hours
      {{"standardhours", "Workday"},
       {"scheduledweeklyhours", "Workday"},
       {"standardweeklyhours", "SAP SuccessFactors"},
       {"weeklyhours", "common"},
       {"workinghoursperweek", "SAP"},
       {"hoursperweek", "common"}},
      // status
      {{"active", "our name"},
       {"employeestatus", "Workday / SAP SuccessFactors"},
       {"employmentstatus", "SAP SuccessFactors"},
       {"workerstatus", "Workday"},
       {"positionstatus", "ADP"},
       {"status", "common"}},
      // level
      {{"level", "common"}, {"joblevel", "Workday / common"}, {"gradelevel", "common"}},
      // hourly_rate: beside an annual pay column (else pay takes it)
      {{"hourlyrate", "Workday / common"},
       {"hourlypayrate", "common"},
       {"hourlywage", "common"},
       {"rateperhour", "common"}}};
  return kNames[static_cast<std::size_t>(field)];
}

bool is_hourly_name(std::string_view normalised) {
  return normalised.find("hourly") != std::string_view::npos;
}
bool is_per_row_name(std::string_view normalised) {
  return normalised == "regularpayrateamount" || normalised == "payrateamount" ||
         normalised == "payrate";
}

// Share of a column's non-empty cells that `fits`, and how many are non-empty.
template <class Fits>
bool mostly(const TextTable& t, std::size_t column, Fits fits) {
  std::size_t non_empty = 0, fit = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string_view cell = trimmed(t.cell(r, column));
    if (cell.empty()) continue;
    ++non_empty;
    if (fits(cell)) ++fit;
  }
  return non_empty > 0 && fit * 10 >= non_empty * 9;
}

// 123-45-6789, 123456789, or a prefix and nine digits (SSN-123456789, as in
// the bundled census).
bool ssn_shaped(std::string_view s) {
  const std::size_t dash = s.find('-');
  if (dash != std::string_view::npos && dash > 0 &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dash),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    s.remove_prefix(dash + 1);
  std::string digits;
  for (char c : s) {
    if (c == '-') continue;
    if (c < '0' || c > '9') return false;
    digits += c;
  }
  return digits.size() == 9 && (s.size() == 9 || (s.size() == 11 && s[3] == '-' && s[6] == '-'));
}

double median_money(const TextTable& t, std::size_t column) {
  std::vector<double> values;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (auto v = parse_money(t.cell(r, column))) values.push_back(*v);
  }
  if (values.empty()) return 0.0;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  return values[values.size() / 2];
}

bool all_unique_non_empty(const TextTable& t, std::size_t column) {
  std::unordered_set<std::string_view> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string_view cell = t.cell(r, column);
    if (cell.empty() || !seen.insert(cell).second) return false;
  }
  return t.rows() > 0;
}

bool whole_numbers(const TextTable& t, std::size_t column) {
  return mostly(t, column, [](std::string_view s) { return parse_int(s).has_value(); });
}

class Proposal {
 public:
  explicit Proposal(const TextTable& t) : t_(t) {
    for (const std::string& h : t.header) normalised_.push_back(normalised_name(h));
  }

  void by_name() {
    for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
      const auto field = static_cast<CensusField>(f);
      for (const KnownName& known : known_names(field)) {
        const auto c =
            free_column([&](std::size_t i) { return normalised_[i] == known.normalised; });
        if (!c) continue;
        // A level column is only useful with level numbers in it.
        if (field == CensusField::kLevel && !whole_numbers(t_, *c)) continue;
        take(field, *c, MatchedBy::kName,
             std::string(known.origin) + " name '" + t_.header[*c] + "'");
        if (field == CensusField::kPay) {
          if (is_hourly_name(known.normalised)) map_.pay_basis = PayBasis::kHourly;
          if (is_per_row_name(known.normalised)) map_.pay_basis = PayBasis::kPerRow;
        }
        break;
      }
    }
  }

  void by_content() {
    auto open = [&](CensusField f) { return !map_.field(f).mapped(); };
    if (open(CensusField::kSsn)) {
      if (auto c = free_column([&](std::size_t i) { return mostly(t_, i, ssn_shaped); }))
        take(CensusField::kSsn, *c, MatchedBy::kContent, "values look like SSNs");
    }
    dates_by_content();
    if (open(CensusField::kPay)) {
      auto c = free_column([&](std::size_t i) {
        return mostly(t_, i, [](std::string_view s) { return parse_money(s).has_value(); }) &&
               median_money(t_, i) >= 1000.0 && !all_unique_non_empty(t_, i);
      });
      if (c) take(CensusField::kPay, *c, MatchedBy::kContent, "values look like annual pay");
    }
    if (open(CensusField::kEmployeeId)) {
      if (auto c = free_column([&](std::size_t i) { return all_unique_non_empty(t_, i); }))
        take(CensusField::kEmployeeId, *c, MatchedBy::kContent, "values are unique per row");
    }
  }

  CensusMap take_map() { return std::move(map_); }

 private:
  template <class Pred>
  std::optional<std::size_t> free_column(Pred pred) const {
    for (std::size_t i = 0; i < t_.columns(); ++i) {
      if (!used_.count(i) && pred(i)) return i;
    }
    return std::nullopt;
  }
  void take(CensusField field, std::size_t column, MatchedBy how, std::string reason) {
    ColumnMapping& m = map_.field(field);
    m.column = t_.header[column];
    m.matched_by = how;
    m.reason = std::move(reason);
    used_.insert(column);
  }

  // Date-shaped columns left over: the one with empty cells is the
  // termination date; of the rest, earlier dates are birth dates.
  void dates_by_content() {
    struct Candidate {
      std::size_t column;
      std::size_t empty;
      DayNumber median;
    };
    std::vector<Candidate> dates;
    for (std::size_t i = 0; i < t_.columns(); ++i) {
      if (used_.count(i)) continue;
      const DateDetection d = detect_date_format(t_, i);
      if (!d.date_shaped()) continue;
      std::vector<DayNumber> days;
      for (std::size_t r = 0; r < t_.rows(); ++r) {
        if (auto day = parse_date_as(t_.cell(r, i), d.best.front())) days.push_back(*day);
      }
      std::nth_element(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(days.size() / 2),
                       days.end());
      dates.push_back({i, t_.rows() - d.non_empty, days[days.size() / 2]});
    }
    auto open = [&](CensusField f) { return !map_.field(f).mapped(); };
    if (open(CensusField::kTerminationDate)) {
      auto most_empty = std::max_element(dates.begin(), dates.end(),
                                         [](auto& a, auto& b) { return a.empty < b.empty; });
      if (most_empty != dates.end() && most_empty->empty > 0) {
        take(CensusField::kTerminationDate, most_empty->column, MatchedBy::kContent,
             "date-shaped values, some empty");
        dates.erase(most_empty);
      }
    }
    std::sort(dates.begin(), dates.end(), [](auto& a, auto& b) { return a.median < b.median; });
    std::size_t next = 0;
    for (CensusField f : {CensusField::kBirthDate, CensusField::kHireDate}) {
      if (!open(f) || next >= dates.size()) continue;
      take(f, dates[next++].column, MatchedBy::kContent,
           f == CensusField::kBirthDate ? "the earliest date-shaped values"
                                        : "date-shaped values after the birth dates");
    }
  }

  const TextTable& t_;
  std::vector<std::string> normalised_;
  std::set<std::size_t> used_;
  CensusMap map_;
};

}  // namespace

std::optional<double> parse_money(std::string_view text) {
  std::string s;
  bool negative = false;
  for (char c : trimmed(text)) {
    if (c == '$' || c == ',' || c == ' ') continue;
    if (c == '(' || c == ')') {
      negative = true;
      continue;
    }
    s += c;
  }
  if (s.empty()) return std::nullopt;
  auto v = parse_double(s);
  if (!v) return std::nullopt;
  return negative ? -*v : *v;
}

void detect_date_formats(const TextTable& table, CensusMap& map) {
  map.file_columns = table.header;
  for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
    ColumnMapping& m = map.fields[f];
    if (!census_field_is_date(static_cast<CensusField>(f)) || !m.mapped()) continue;
    const auto column = table.column(m.column);
    if (!column) continue;
    const DateDetection d = detect_date_format(table, *column);
    m.date_format_candidates = d.best;
    if (!m.date_format && d.best.size() == 1) m.date_format = d.best.front();
  }
}

CensusMap propose_census_map(const TextTable& table) {
  Proposal p(table);
  p.by_name();
  p.by_content();
  CensusMap map = p.take_map();
  detect_date_formats(table, map);
  return map;
}

}  // namespace planwise::io
