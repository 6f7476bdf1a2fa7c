// Issue 14 item 1: the census preview. The mapped rows go through the
// run's own checks: io/census_cells for each cell, then
// engine::stage_census for the model's rules (hire before termination,
// positive pay, ids, the census date, duplicates). Staging stops at its
// error cap, so rows it names are set aside and the rest staged again until
// it passes: every error is listed, and the figures describe the rows that
// would load.
#include "app/census_preview.hpp"

#include <algorithm>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "app/census_summary.hpp"
#include "io/census_cells.hpp"
#include "io/census_dates.hpp"
#include "io/census_mapper.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "store/parquet_files.hpp"

namespace planwise::app {

namespace {

using io::CensusField;

// Staging passes before the preview stops looking for more errors: at 50
// errors a pass (common/error.hpp's cap), 10,000 rows with errors.
constexpr int kMaxStagingPasses = 200;

bool is_parquet(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string_view(magic, 4) == "PAR1";
}

// Our census column -> the map field it comes from.
std::optional<CensusField> field_of_census_column(std::string_view column) {
  static constexpr std::pair<std::string_view, CensusField> kColumns[] = {
      {"employee_id", CensusField::kEmployeeId},
      {"employee_ssn", CensusField::kSsn},
      {"employee_birth_date", CensusField::kBirthDate},
      {"employee_hire_date", CensusField::kHireDate},
      {"employee_termination_date", CensusField::kTerminationDate},
      {"employee_gross_compensation", CensusField::kPay},
      {"active", CensusField::kStatus}};
  for (const auto& [name, field] : kColumns) {
    if (name == column) return field;
  }
  return std::nullopt;
}

struct StagingInputs {
  const engine::EngineConfig& engine;
  const engine::SeedTables& seeds;
};

class PreviewBuilder {
 public:
  PreviewBuilder(const CensusImportOptions& options, CensusPreview& preview)
      : options_(options), p_(preview) {}

  // An error or warning of the mapping, the cells or staging.
  void add(IssueSeverity severity, const Error& e, std::optional<CensusField> field) {
    if (!field) field = field_of_census_column(e.column);
    CensusIssue issue{severity, e.row, e.column, "", e.rule, e.value, e.message};
    if (field) {
      issue.field = std::string(io::census_field_key(*field));
      // Staging names our columns; the analyst knows the file's.
      if (field_of_census_column(e.column) && p_.map.field(*field).mapped())
        issue.column = p_.map.field(*field).column;
    }
    (severity == IssueSeverity::kError ? p_.errors : p_.warnings) += 1;
    issues_.push_back(std::move(issue));
  }

  void add_question(const io::MappingIssue& m) {
    const Error& e = m.error;
    if (e.rule != io::kRuleDateFormatAmbiguous && e.rule != io::kRuleStandardHoursMissing) return;
    CensusQuestion q{std::string(io::census_field_key(*m.field)), e.column, e.message, {}};
    for (io::DateFormat f : p_.map.field(*m.field).date_format_candidates) {
      if (e.rule == io::kRuleDateFormatAmbiguous) q.options.emplace_back(io::date_format_name(f));
    }
    p_.questions.push_back(std::move(q));
  }

  // The kept rows' text parsed by the census reader's cell rules; rows
  // with a cell error are set aside.
  engine::CensusRows parse_rows(const TextTable& t, std::vector<bool>& keep, bool report) {
    const auto columns = io::find_census_columns(t.header, t.file);
    engine::CensusRows rows;
    rows.file = t.file;
    io::reserve_census_rows(rows, t.rows());
    std::vector<std::string_view> cells(t.columns());
    std::vector<Error> errors;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (!keep[r]) continue;
      for (std::size_t c = 0; c < cells.size(); ++c) cells[c] = t.cell(r, c);
      io::add_census_row(*columns, cells.data(), t.source_row(r), t.file, rows, errors);
      if (errors.empty()) continue;
      for (const Error& e : errors) {
        if (report) add(IssueSeverity::kError, e, std::nullopt);
      }
      errors.clear();
      keep[r] = false;
      ++rows_set_aside_;
    }
    return rows;
  }

  // Stages until staging passes or names no row; nullopt when it never passed.
  std::optional<engine::StagedCensus> stage(const TextTable& t, const StagingInputs& in) {
    std::vector<bool> keep(t.rows(), true);
    std::unordered_map<std::int64_t, std::size_t> index_of_row;
    for (std::size_t r = 0; r < t.rows(); ++r) index_of_row[t.source_row(r)] = r;
    engine::CensusRows rows = parse_rows(t, keep, true);
    if (rows_set_aside_ > 0) rows = parse_rows(t, keep, false);
    for (int pass = 0; pass < kMaxStagingPasses; ++pass) {
      auto staged = engine::stage_census(rows, in.engine, in.seeds);
      if (staged) {
        rows_ = std::move(rows);
        return std::move(staged).value();
      }
      Error error = std::move(staged).error();
      std::vector<Error> errors = std::move(error.more);
      error.more.clear();
      errors.insert(errors.begin(), std::move(error));
      bool row_named = false, whole_file = false;
      for (const Error& e : errors) {
        // ErrorCollector's "... and N more errors not shown": the next
        // pass shows them.
        if (e.rule.empty() && e.row == 0 && &e != &errors.front()) continue;
        add(IssueSeverity::kError, e, std::nullopt);
        const auto it = index_of_row.find(e.row);
        if (e.row > 0 && it != index_of_row.end() && keep[it->second]) {
          keep[it->second] = false;
          ++rows_set_aside_;
          row_named = true;
        } else if (e.row == 0) {
          whole_file = true;
        }
      }
      if (whole_file || !row_named) break;
      rows = parse_rows(t, keep, false);
    }
    rows_ = std::move(rows);
    return std::nullopt;
  }

  // rows_total = active + terminated + excluded (CensusCounts).
  void count(const io::MappedCensus& m, const engine::StagedCensus* staged) {
    CensusCounts& c = p_.counts;
    for (const auto& [reason, rows] : m.excluded) c.excluded_by_reason.push_back({reason, rows});
    std::size_t duplicates_dropped = 0;
    if (staged) {
      for (const auto& d : staged->duplicates) duplicates_dropped += d.kept ? 0 : 1;
      c.active = staged->baseline_size();
    } else {
      std::unordered_set<std::string_view> ids;
      for (std::size_t i = 0; i < rows_.size(); ++i) ids.insert(rows_.employee_id[i]);
      duplicates_dropped = rows_.size() - ids.size();
    }
    c.terminated = rows_.size() - duplicates_dropped - c.active;
    if (duplicates_dropped > 0)
      c.excluded_by_reason.push_back(
          {"duplicate employee id (another row kept)", duplicates_dropped});
    const std::size_t with_errors = m.rows_with_errors + rows_set_aside_;
    if (with_errors > 0) c.excluded_by_reason.push_back({"has an error", with_errors});
    for (const ExcludedCount& e : c.excluded_by_reason) c.excluded += e.rows;
  }

  void compare_levels(const io::MappedCensus& m, const engine::StagedCensus& staged) {
    if (!p_.map.field(CensusField::kLevel).mapped()) return;
    std::unordered_map<std::string_view, std::pair<std::int64_t, int>> stated;
    for (std::size_t r = 0; r < m.table.rows(); ++r) {
      if (m.stated_level[r] > 0)
        stated[m.table.cell(r, 0)] = {m.table.source_row(r), m.stated_level[r]};
    }
    for (std::size_t i = 0; i < staged.baseline_size(); ++i) {
      const auto it = stated.find(staged.employee_id[i]);
      if (it == stated.end() || it->second.second == staged.level[i]) continue;
      add(IssueSeverity::kWarning,
          Error::invalid_input(m.table.file, it->second.first, "", "level_differs",
                               std::to_string(it->second.second),
                               "the file says level " + std::to_string(it->second.second) +
                                   "; the pay derives level " + std::to_string(staged.level[i]) +
                                   ", which the simulation uses"),
          CensusField::kLevel);
    }
  }

  void finish() {
    std::stable_sort(issues_.begin(), issues_.end(),
                     [](const CensusIssue& a, const CensusIssue& b) {
                       if (a.severity != b.severity) return a.severity == IssueSeverity::kError;
                       return a.row < b.row;
                     });
    if (issues_.size() > options_.issue_limit) {
      p_.issues_not_listed = issues_.size() - options_.issue_limit;
      issues_.resize(options_.issue_limit);
    }
    p_.issues = std::move(issues_);
    p_.can_confirm = p_.errors == 0 && p_.questions.empty();
  }

  std::size_t rows_set_aside_ = 0;

 private:
  const CensusImportOptions& options_;
  CensusPreview& p_;
  std::vector<CensusIssue> issues_;
  engine::CensusRows rows_;
};

}  // namespace

Result<TextTable> read_census_source(const CensusSource& source) {
  Result<TextTable> table = Error::make(ErrorKind::kInternal, "unread");
  if (is_parquet(source.path)) {
    table = store::read_parquet_as_text(source.path);
  } else {
    auto text = io::read_text_file(source.path);
    if (!text) {
      Error e = std::move(text).error();
      e.file = source.name();
      return e;
    }
    table = io::parse_csv_text(*text, source.name());
  }
  if (!table) return table;
  table->file = source.name();
  return table;
}

Result<CensusPreviewWork> run_census_preview(const CensusSource& source, const io::CensusMap& map,
                                             const CensusImportOptions& options) {
  auto inputs = load_config_and_seeds(options.inputs);
  if (!inputs) return std::move(inputs).error();
  auto table = read_census_source(source);
  if (!table) return std::move(table).error();
  CensusPreviewWork work;
  CensusPreview& p = work.preview;
  p.source_name = source.name();
  p.map = map;
  io::detect_date_formats(*table, p.map);
  const engine::EngineConfig& engine = inputs->config.engine;
  p.start_year = engine.start_year;
  p.census_date = format_date(dec31(engine.start_year - 1));
  p.counts.rows_total = table->rows();

  PreviewBuilder b(options, p);
  work.mapped = io::apply_census_map(*table, p.map);
  const io::MappedCensus& m = work.mapped;
  for (const io::MappingIssue& e : m.errors) {
    b.add(IssueSeverity::kError, e.error, e.field);
    b.add_question(e);
  }
  for (const io::MappingIssue& w : m.warnings) b.add(IssueSeverity::kWarning, w.error, w.field);
  if (!m.map_usable) {
    p.counts.excluded = p.counts.rows_total;
    p.counts.excluded_by_reason.push_back(
        {"the map cannot be applied (see the errors)", p.counts.rows_total});
    b.finish();
    return work;
  }
  const std::optional<engine::StagedCensus> staged = b.stage(m.table, {engine, inputs->seeds});
  b.count(m, staged ? &*staged : nullptr);
  if (staged) {
    for (const engine::ValidationItem& w : staged->warnings)
      b.add(IssueSeverity::kWarning,
            Error::invalid_input(p.source_name, 0, "", w.check_id, "", w.message), std::nullopt);
    b.compare_levels(m, *staged);
    p.pay = pay_distribution(*staged);
    p.age = age_distribution(*staged, engine.start_year);
    p.level_mix = level_mix(*staged, inputs->seeds);
  }
  b.finish();
  return work;
}

}  // namespace planwise::app
