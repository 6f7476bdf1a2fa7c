// JSON shapes of the census routes (issue 14 item 1, docs/api.md
// "Censuses"): the proposed or edited map, the preview and the stored
// censuses. nlohmann/json stays in this folder's .cpp files, so the shapes
// are returned as text and the map is read from text.
#pragma once

#include <string>

#include "api/service.hpp"
#include "app/census_import.hpp"

namespace planwise::api {

// {fields: [{field, required, is_date, column, matched_by, reason,
// date_format, date_format_candidates}], pay_basis, default_standard_hours,
// active_values, terminated_values, exclude: [{column, values, reason}],
// file_columns, date_formats, pay_bases}
std::string census_map_json(const io::CensusMap& map);
// The map of a request body's "map" (the shape above; file_columns,
// matched_by, reason and the lists of choices are ignored). A field the
// body gives wrongly is an input error naming it ("map.fields[2].date_format").
Result<io::CensusMap> census_map_from_json(const std::string& body_text);
// {source_name, start_year, census_date, counts, pay, age, level_mix,
// issues: [{severity, row, column, field, rule, value, message}], errors,
// warnings, issues_not_listed, questions, can_confirm, map}
std::string census_preview_json(const app::CensusPreview& preview);
// {sha256, name, source_name, rows_total, active, terminated, excluded,
// imported_at, imported_by}; never the server's path.
std::string stored_census_json(const app::StoredCensus& census);
// {sha256, name, stored}
std::string active_census_json(const app::CensusChoice& census);
// {upload_id, bytes, file_type, name}
std::string upload_json(const app::UploadedFile& file);

}  // namespace planwise::api
