#include "io/csv_export.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "engine/output_rows.hpp"

namespace planwise::io {

namespace {
const engine::TableDef* kTables[] = {
    &engine::kYearlyEventsTable,        &engine::kSnapshotTable,         &engine::kGrowthTable,
    &engine::kYearSummaryTable,         &engine::kBaselineTable,         &engine::kDuplicatesTable,
    &engine::kEffectiveParametersTable, &engine::kValidationReportTable, &engine::kPayBudgetTable,
    &engine::kHiresByLevelTable};
}

Result<std::unique_ptr<CsvExport>> CsvExport::create(const std::filesystem::path& dir,
                                                     const std::vector<std::string>& tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Error::make(ErrorKind::kStorage,
                       "cannot create export folder " + dir.string() + ": " + ec.message());
  const std::filesystem::path staging = dir / (".planwise-export-" + std::to_string(::getpid()));
  std::filesystem::remove_all(staging, ec);
  std::filesystem::create_directories(staging, ec);
  if (ec)
    return Error::make(ErrorKind::kStorage,
                       "cannot create " + staging.string() + ": " + ec.message());
  std::unique_ptr<CsvExport> out(new CsvExport(dir, staging));
  for (const engine::TableDef* t : kTables) {
    bool wanted = false;
    for (const std::string& name : tables) wanted = wanted || name == t->name;
    if (!wanted) continue;
    auto w = CsvTableWriter::open(staging / (std::string(t->name) + ".csv"), *t);
    if (!w) return std::move(w).error();
    out->writers_[std::string(t->name)] = std::move(w).value();
  }
  return out;
}

CsvExport::~CsvExport() {
  if (!finished_) {
    writers_.clear();
    std::error_code ec;
    std::filesystem::remove_all(staging_, ec);
  }
}

CsvTableWriter* CsvExport::writer(const engine::TableDef& table) {
  auto it = writers_.find(std::string(table.name));
  return it == writers_.end() ? nullptr : it->second.get();
}

Status CsvExport::write_inputs(const engine::StagedCensus& census,
                               const engine::EngineConfig& config,
                               const engine::ResolvedLevers& levers) {
  if (auto* w = writer(engine::kBaselineTable)) engine::emit_baseline(*w, census, config);
  if (auto* w = writer(engine::kDuplicatesTable)) engine::emit_duplicates(*w, census);
  if (auto* w = writer(engine::kEffectiveParametersTable))
    engine::emit_effective_parameters(*w, levers);
  return Status::success();
}

Status CsvExport::on_year(const engine::YearOutput& year) {
  if (year.events != nullptr) {
    if (auto* w = writer(engine::kYearlyEventsTable)) engine::emit_events(*w, year);
  }
  if (auto* w = writer(engine::kSnapshotTable)) engine::emit_snapshot(*w, year);
  if (auto* w = writer(engine::kGrowthTable))
    engine::emit_growth(*w, year.growth, year.config.created_at);
  if (auto* w = writer(engine::kYearSummaryTable)) {
    engine::emit_year_summary(*w, year.summary, year.config.created_at);
  }
  if (auto* w = writer(engine::kPayBudgetTable)) engine::emit_pay_budget(*w, year);
  if (auto* w = writer(engine::kHiresByLevelTable)) engine::emit_hires_by_level(*w, year.summary);
  return Status::success();
}

Status CsvExport::finish(const engine::ValidationItems& validation,
                         const std::map<std::string, std::string>& extra_files) {
  if (auto* w = writer(engine::kValidationReportTable))
    engine::emit_validation_report(*w, validation);
  for (auto& [name, w] : writers_) PLANWISE_RETURN_IF_ERROR(w->close());
  std::vector<std::string> names;
  for (auto& [name, w] : writers_) names.push_back(name + ".csv");
  for (const auto& [name, content] : extra_files) {
    std::ofstream out(staging_ / name, std::ios::binary);
    out << content;
    if (!out)
      return Error::make(ErrorKind::kStorage, "writing " + (staging_ / name).string() + " failed");
    names.push_back(name);
  }
  std::error_code ec;
  for (const std::string& name : names) {
    std::filesystem::rename(staging_ / name, dir_ / name, ec);
    if (ec)
      return Error::make(ErrorKind::kStorage,
                         "cannot move " + name + " into " + dir_.string() + ": " + ec.message());
    written_.push_back(dir_ / name);
  }
  std::filesystem::remove_all(staging_, ec);
  finished_ = true;
  return Status::success();
}

}  // namespace planwise::io
