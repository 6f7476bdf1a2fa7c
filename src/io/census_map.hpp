// Issue 14 item 1: how an HRIS export's columns become our census columns
// (docs/data.md "The mapping file"). A CensusMap is proposed from a file
// (io/census_mapper.hpp), saved and read back as YAML
// (io/census_map_yaml.cpp), and applied row by row (io/census_mapping.hpp).
// Plain values: no file or database is touched here.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::io {

// What a file column can be mapped to. The first six are the bundled
// schema's columns (io::kCensusColumns); the rest shape the pay, the status
// and the level check.
enum class CensusField {
  kEmployeeId,       // employee_id (required)
  kSsn,              // employee_ssn (required)
  kBirthDate,        // employee_birth_date (required, a date)
  kHireDate,         // employee_hire_date (required, a date)
  kTerminationDate,  // employee_termination_date (optional, a date; empty = still employed)
  kPay,              // the pay amount: annual, hourly or per row (see PayBasis) (required
                     // unless kHourlyRate is mapped)
  kPayBasis,         // per-row basis of kPay (PayBasis::kPerRow): Hourly, Salary, Monthly...
  kStandardHours,    // standard weekly hours of an hourly employee (optional)
  kStatus,           // Active / Terminated, written as our optional `active` column (optional)
  kLevel,            // a job level 1..N from the file, only compared with the derived one
  // An hourly rate in a column of its own beside an annual kPay column
  // (Workday's "Annual Base Salary" and "Hourly Rate"): used, converted, on
  // rows whose kPay cell is empty (optional).
  kHourlyRate,
};
inline constexpr std::size_t kCensusFieldCount = 11;

// The field's key in the mapping file and in messages ("employee_id",
// "pay", "standard_hours", ...).
std::string_view census_field_key(CensusField field);
std::optional<CensusField> census_field_from_key(std::string_view key);
bool census_field_required(CensusField field);
bool census_field_is_date(CensusField field);

// Date formats recognised in a column (docs/data.md "Date formats").
enum class DateFormat {
  kIso,          // YYYY-MM-DD (a trailing time such as "T00:00:00" is ignored)
  kUsSlash,      // MM/DD/YYYY (one or two digits for month and day)
  kDaySlash,     // DD/MM/YYYY
  kDayDot,       // DD.MM.YYYY
  kCompact,      // YYYYMMDD
  kMonthName,    // Jan 5, 2020 (three-letter or full English month names)
  kDayMonthName  // 05-Jan-2020
};
inline constexpr std::size_t kDateFormatCount = 7;

// The format's name in the mapping file and on the command line:
// "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYYMMDD",
// "Mon D, YYYY", "D-Mon-YYYY".
std::string_view date_format_name(DateFormat format);
std::optional<DateFormat> date_format_from_name(std::string_view name);

// How a matched column was chosen, shown with the proposal.
enum class MatchedBy {
  kNone,     // not mapped
  kName,     // its header is one of the names we know for the field
  kContent,  // its values look like the field (SSN-, date-, money-shaped)
  kMapFile,  // named in a mapping file
  kUser,     // stated on the command line or in the UI
};
std::string_view matched_by_name(MatchedBy how);

// One of our fields and the file column it is read from.
struct ColumnMapping {
  std::string column;  // the file's header text; empty: not mapped
  MatchedBy matched_by = MatchedBy::kNone;
  std::string reason;  // why it was proposed, e.g. "Workday name 'Worker ID'"
  // Date fields only. `date_format` is set when the values fit one format
  // best, or when the map or the analyst states it; it stays empty when two
  // formats fit equally (every day <= 12): the preview then refuses to
  // confirm and asks which (never a guess).
  std::optional<DateFormat> date_format;
  std::vector<DateFormat> date_format_candidates;  // formats that fit best, as detected

  bool mapped() const { return !column.empty(); }
};

// What the kPay amount means.
enum class PayBasis {
  kAnnual,  // annual pay in US dollars
  kHourly,  // an hourly rate: annual = rate x standard weekly hours x 52
  kPerRow,  // the kPayBasis column says, per row (see pay_basis_from_text)
};
std::string_view pay_basis_name(PayBasis basis);  // "annual", "hourly", "per_row"
std::optional<PayBasis> pay_basis_from_name(std::string_view name);

// A per-row basis cell: how many of the amount make a year, with hours the
// weekly standard hours. Hourly -> hours x 52; Weekly -> 52; Biweekly -> 26;
// Semimonthly -> 24; Monthly -> 12; Annual / Salary / Salaried / Yearly ->
// 1. Case-insensitive, "H" and "S" accepted; nullopt for anything else.
enum class PayPeriod { kHourly, kWeekly, kBiweekly, kSemimonthly, kMonthly, kAnnual };
std::optional<PayPeriod> pay_period_from_text(std::string_view text);

// Rows left out of the census, by the value of a column (e.g. worker type
// "Contractor"). Values compare case-insensitively after trimming.
struct ExclusionRule {
  std::string column;
  std::vector<std::string> values;
  std::string reason;  // shown in the preview's excluded counts; default "<column> is <value>"
};

// The whole map. Fields are indexed by CensusField.
struct CensusMap {
  std::array<ColumnMapping, kCensusFieldCount> fields;
  PayBasis pay_basis = PayBasis::kAnnual;
  // Weekly hours of an hourly employee whose standard-hours cell is empty
  // or who has no such column. Unset with hourly pay and no hours column:
  // the preview refuses to confirm and asks for it (--standard-hours).
  std::optional<double> default_standard_hours;
  // kStatus values (case-insensitive); empty: the defaults of docs/data.md
  // (Active, A, Leave, On Leave / Terminated, T, Inactive, Retired, ...).
  std::vector<std::string> active_values;
  std::vector<std::string> terminated_values;
  std::vector<ExclusionRule> exclude;
  // The file's header, in file order (filled by the proposal and the
  // preview for display and choices; not written to the mapping file).
  std::vector<std::string> file_columns;

  ColumnMapping& field(CensusField f) { return fields[static_cast<std::size_t>(f)]; }
  const ColumnMapping& field(CensusField f) const { return fields[static_cast<std::size_t>(f)]; }
};

// States `format` for every mapped date field whose format is still open
// (ambiguous, or not yet detected): `--date-format` answers the question.
void state_open_date_formats(CensusMap& map, DateFormat format);

}  // namespace planwise::io
