// Issue 14 item 1: the work behind preview_census_import, shared with
// confirm_census_import, which needs the mapped rows as well as the
// preview. Callers outside app/ use app/census_import.hpp.
#pragma once

#include "app/census_import.hpp"
#include "common/text_table.hpp"
#include "io/census_mapping.hpp"

namespace planwise::app {

// The source read as text: CSV, or Parquet by its magic bytes. Messages
// name source.name(), never the path.
Result<TextTable> read_census_source(const CensusSource& source);

struct CensusPreviewWork {
  CensusPreview preview;
  io::MappedCensus mapped;  // the rows a confirm stores (excluded rows are not in it)
};

Result<CensusPreviewWork> run_census_preview(const CensusSource& source, const io::CensusMap& map,
                                             const CensusImportOptions& options);

}  // namespace planwise::app
