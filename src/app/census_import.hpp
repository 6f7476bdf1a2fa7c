// Issue 14 item 1 (contract C1): bringing an analyst's own census in. The
// one use-case API the CLI (`planwise census import|list`) and the server's
// census routes both call:
//   propose_census_map  -> a map from the file's columns to ours (by name and by content)
//   preview_census_import -> counts, distributions, level mix and every issue; nothing stored
//   confirm_census_import -> the mapped census written under its content hash + a registry row
//   list_censuses / find_census -> what is stored
// The census is checked by the same rules a run applies (io/census_cells,
// engine::stage_census), against the configuration's census date and level
// bands. Nothing is stored before confirm, and never with an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "io/census_map.hpp"

namespace planwise::app {

// Audit event of a confirmed import.
inline constexpr const char* kCensusImported = "CENSUS_IMPORTED";

// A census file to read: CSV, or Parquet (told by its "PAR1" magic bytes,
// so an upload saved as <id>.part works too).
struct CensusSource {
  std::filesystem::path path;
  // Named in messages and stored as the registry's source_name (e.g. the
  // uploaded file's name); empty: path's file name. Never a server path.
  std::string display_name;

  std::string name() const;
};

struct CensusImportOptions {
  // The configuration and seed tables the census is checked against: the
  // census date (31 Dec before start_year), the compensation basis and the
  // level bands that derive each employee's level.
  InputRequest inputs;
  // Issues listed one by one, past which only their count is kept
  // (CensusPreview::issues_not_listed). Errors always make can_confirm false.
  std::size_t issue_limit = 10000;
};

enum class IssueSeverity { kError, kWarning };
const char* issue_severity_name(IssueSeverity severity);  // "error", "warning"

struct CensusIssue {
  IssueSeverity severity = IssueSeverity::kError;
  // The file's line (CSV: header = line 1) or data row (Parquet); 0 when the
  // issue is about the whole file or the map.
  std::int64_t row = 0;
  std::string column;  // the file's column (header text); empty when none
  std::string field;   // our field (io::census_field_key) or census column, when known
  std::string rule;    // e.g. "date_format", "date_format_ambiguous", "salary_positive"
  std::string value;   // as read; SSNs and birth dates are never shown
  std::string message;
};

// A question the analyst must answer before the census can be confirmed
// (an ambiguous date format, the standard hours of hourly pay). Each one is
// also an error issue.
struct CensusQuestion {
  std::string field;                 // io::census_field_key, e.g. "hire_date", "standard_hours"
  std::string column;                // the file's column it is about
  std::string message;               // the question
  std::vector<std::string> options;  // e.g. {"MM/DD/YYYY", "DD/MM/YYYY"}; empty: a number
};

struct ExcludedCount {
  std::string reason;  // "Worker Type is Contractor", "duplicate employee id", "has an error"
  std::size_t rows = 0;
};

// rows_total = active + terminated + excluded.
struct CensusCounts {
  std::size_t rows_total = 0;  // data rows in the file
  std::size_t active = 0;      // the baseline: no termination date, as the engine stages it
  std::size_t terminated = 0;  // kept rows with a termination date (stored, not in the baseline)
  std::size_t excluded = 0;    // rows not stored or not counted, by reason below
  std::vector<ExcludedCount> excluded_by_reason;
};

struct Band {
  std::string label;  // "<25", "25-34", "$40k-$60k", ...
  std::size_t count = 0;
};

// Of the active employees. Empty (count 0) when there are none.
struct Distribution {
  std::size_t count = 0;
  double mean = 0, min = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, max = 0;
  std::vector<Band> bands;
};

// The derived level mix: levels from annual pay by the seed level bands,
// as engine staging derives them (engine::level_from_salary).
struct LevelShare {
  int level = 0;
  std::string name;
  std::size_t count = 0;
  double share = 0;  // of the active employees, a fraction
};

struct CensusPreview {
  std::string source_name;
  io::CensusMap map;  // as applied: detected date formats and file columns filled in
  int start_year = 0;
  std::string census_date;  // YYYY-MM-DD: 31 Dec before start_year
  CensusCounts counts;
  Distribution pay;  // annual pay in US dollars (hourly converted)
  Distribution age;  // age in start_year (start_year - birth year, as the engine counts)
  std::vector<LevelShare> level_mix;
  std::vector<CensusIssue> issues;  // errors first, then warnings; each group in row order
  std::size_t errors = 0;           // all errors, listed or not
  std::size_t warnings = 0;
  std::size_t issues_not_listed = 0;  // past options.issue_limit
  std::vector<CensusQuestion> questions;
  bool can_confirm = false;  // no error and no open question
};

// One stored census (a row of the `censuses` registry table).
struct StoredCensus {
  std::string sha256;          // of the stored file; runs on it record this hash
  std::string name;            // unique in the database
  std::string source_name;     // the file it was imported from
  std::filesystem::path path;  // <census folder>/<sha256>.csv
  std::size_t rows_total = 0, active = 0, terminated = 0, excluded = 0;
  std::string map_yaml;     // the map it was imported with (write_census_map's text)
  std::string imported_at;  // ISO-8601 UTC
  std::string imported_by;  // the actor
};

// Proposes a map for the file: each field by its header name (our names,
// common Workday, SAP SuccessFactors and ADP names; docs/data.md) and, for
// fields still open, by the values (SSN-, date-, money-shaped). Date
// formats are detected per column. An unreadable file is an error.
Result<io::CensusMap> propose_census_map(const CensusSource& source);

// The YAML mapping file (docs/data.md "The mapping file"). Reading refuses
// an unknown key by name, with its line.
Result<io::CensusMap> read_census_map(const std::filesystem::path& path);
Status write_census_map(const io::CensusMap& map, const std::filesystem::path& path);
std::string census_map_yaml(const io::CensusMap& map);
Result<io::CensusMap> parse_census_map_yaml(const std::string& text, const std::string& file);

// Applies the map and checks the result. Returns an error only when the
// file or the configuration cannot be read; problems of the data or the map
// are issues of the preview. Stores nothing.
Result<CensusPreview> preview_census_import(const CensusSource& source, const io::CensusMap& map,
                                            const CensusImportOptions& options);

// The preview's issues as CSV: severity,row,column,field,rule,value,message.
std::string census_issues_csv(const CensusPreview& preview);

// Previews again and, when can_confirm, writes the mapped census in the
// bundled schema to <census folder>/<sha256>.csv (temp file + rename) and
// adds its registry row with a CENSUS_IMPORTED audit entry naming `actor`,
// in one transaction. Refused (an input error naming the first error or
// question) when it cannot be confirmed; a conflict when the name or the
// content is already stored. Nothing is stored on any error. An empty name
// takes the source's file stem.
Result<StoredCensus> confirm_census_import(const std::string& db_path, const CensusSource& source,
                                           const io::CensusMap& map, const std::string& name,
                                           const std::string& actor,
                                           const CensusImportOptions& options);

// `<directory of the database>/censuses/`.
std::filesystem::path census_folder(const std::string& db_path);

// Newest first; empty for a database without the table.
Result<std::vector<StoredCensus>> list_censuses(const std::string& db_path);
// By full SHA-256, a unique prefix of at least 8 hex digits, or by name;
// not found otherwise.
Result<StoredCensus> find_census(const std::string& db_path, const std::string& sha_or_name);

// `--census X` of a run: X itself when it is a file, else the stored
// census X names (find_census) in the database. Not found names both.
Result<std::filesystem::path> census_file_argument(const std::string& db_path,
                                                   const std::string& file_or_stored);

}  // namespace planwise::app
