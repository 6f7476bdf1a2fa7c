// Writes a run's output tables as CSV files (spec §5) into a folder. Files
// are written into a hidden staging folder and moved into place only when
// the whole run succeeded, so a failed or cancelled run leaves nothing
// half-written.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/simulate.hpp"
#include "io/csv_table_writer.hpp"

namespace planwise::io {

class CsvExport final : public engine::YearSink {
 public:
  // `tables`: names from kOutputTables to write.
  static Result<std::unique_ptr<CsvExport>> create(const std::filesystem::path& dir,
                                                   const std::vector<std::string>& tables);
  ~CsvExport() override;

  // Tables known before the first year: baseline, duplicates, effective parameters.
  Status write_inputs(const engine::StagedCensus& census, const engine::EngineConfig& config,
                      const engine::ResolvedLevers& levers);
  Status on_year(const engine::YearOutput& year) override;
  // Writes validation_report and `extra_files` (name -> content), then moves
  // every file into the target folder.
  Status finish(const engine::ValidationItems& validation,
                const std::map<std::string, std::string>& extra_files);
  std::vector<std::filesystem::path> written_files() const { return written_; }

 private:
  CsvExport(std::filesystem::path dir, std::filesystem::path staging)
      : dir_(std::move(dir)), staging_(std::move(staging)) {}
  CsvTableWriter* writer(const engine::TableDef& table);

  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::map<std::string, std::unique_ptr<CsvTableWriter>> writers_;
  std::vector<std::filesystem::path> written_;
  Error first_error_;
  bool finished_ = false;
};

}  // namespace planwise::io
