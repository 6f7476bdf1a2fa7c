// Issue 14 item 1: the names of a census map's parts, as the mapping file
// and the messages spell them (docs/data.md).
#include "io/census_map.hpp"

#include "io/text_fold.hpp"

namespace planwise::io {

namespace {

constexpr std::string_view kFieldKeys[kCensusFieldCount] = {
    "employee_id", "employee_ssn",   "birth_date", "hire_date", "termination_date", "pay",
    "pay_basis",   "standard_hours", "status",     "level",     "hourly_rate"};

constexpr std::string_view kDateFormatNames[kDateFormatCount] = {
    "YYYY-MM-DD", "MM/DD/YYYY",  "DD/MM/YYYY", "DD.MM.YYYY",
    "YYYYMMDD",   "Mon D, YYYY", "D-Mon-YYYY"};

}  // namespace

std::string_view census_field_key(CensusField field) {
  return kFieldKeys[static_cast<std::size_t>(field)];
}

std::optional<CensusField> census_field_from_key(std::string_view key) {
  for (std::size_t i = 0; i < kCensusFieldCount; ++i) {
    if (kFieldKeys[i] == key) return static_cast<CensusField>(i);
  }
  return std::nullopt;
}

bool census_field_required(CensusField field) {
  switch (field) {
    case CensusField::kEmployeeId:
    case CensusField::kSsn:
    case CensusField::kBirthDate:
    case CensusField::kHireDate:
    case CensusField::kPay:
      return true;
    default:
      return false;
  }
}

bool census_field_is_date(CensusField field) {
  return field == CensusField::kBirthDate || field == CensusField::kHireDate ||
         field == CensusField::kTerminationDate;
}

std::string_view date_format_name(DateFormat format) {
  return kDateFormatNames[static_cast<std::size_t>(format)];
}

std::optional<DateFormat> date_format_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kDateFormatCount; ++i) {
    if (equal_folded(kDateFormatNames[i], trimmed(name))) return static_cast<DateFormat>(i);
  }
  return std::nullopt;
}

std::string_view matched_by_name(MatchedBy how) {
  switch (how) {
    case MatchedBy::kName:
      return "name";
    case MatchedBy::kContent:
      return "content";
    case MatchedBy::kMapFile:
      return "map file";
    case MatchedBy::kUser:
      return "stated";
    case MatchedBy::kNone:
      break;
  }
  return "not mapped";
}

std::string_view pay_basis_name(PayBasis basis) {
  switch (basis) {
    case PayBasis::kHourly:
      return "hourly";
    case PayBasis::kPerRow:
      return "per_row";
    case PayBasis::kAnnual:
      break;
  }
  return "annual";
}

std::optional<PayBasis> pay_basis_from_name(std::string_view name) {
  for (PayBasis b : {PayBasis::kAnnual, PayBasis::kHourly, PayBasis::kPerRow}) {
    if (pay_basis_name(b) == name) return b;
  }
  return std::nullopt;
}

std::optional<PayPeriod> pay_period_from_text(std::string_view text) {
  // The words HRIS exports use for a pay rate's unit (Workday "Pay Rate
  // Type", ADP "Regular Pay Rate Description", SAP "Pay Scale Type").
  static constexpr std::pair<std::string_view, PayPeriod> kWords[] = {
      {"hourly", PayPeriod::kHourly},
      {"hour", PayPeriod::kHourly},
      {"h", PayPeriod::kHourly},
      {"weekly", PayPeriod::kWeekly},
      {"biweekly", PayPeriod::kBiweekly},
      {"bi-weekly", PayPeriod::kBiweekly},
      {"semimonthly", PayPeriod::kSemimonthly},
      {"semi-monthly", PayPeriod::kSemimonthly},
      {"monthly", PayPeriod::kMonthly},
      {"annual", PayPeriod::kAnnual},
      {"annually", PayPeriod::kAnnual},
      {"yearly", PayPeriod::kAnnual},
      {"salary", PayPeriod::kAnnual},
      {"salaried", PayPeriod::kAnnual},
      {"s", PayPeriod::kAnnual}};
  const std::string_view t = trimmed(text);
  for (const auto& [word, period] : kWords) {
    if (equal_folded(word, t)) return period;
  }
  return std::nullopt;
}

void state_open_date_formats(CensusMap& map, DateFormat format) {
  for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
    ColumnMapping& m = map.fields[f];
    if (census_field_is_date(static_cast<CensusField>(f)) && m.mapped() && !m.date_format)
      m.date_format = format;
  }
}

}  // namespace planwise::io
