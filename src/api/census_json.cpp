// Issue 14 item 1: the census routes' JSON shapes.
#include "api/census_json.hpp"

#include <nlohmann/json.hpp>

namespace planwise::api {

using nlohmann::json;

namespace {

// Uploaded files bring text we did not write: a file name or a column header
// need not be UTF-8. Invalid bytes are shown as U+FFFD rather than making
// nlohmann/json throw (the http_request fuzz target found an upload named
// "\xff.csv" ending the server).
std::string dump_text(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

json strings(const std::vector<std::string>& values) {
  json out = json::array();
  for (const std::string& v : values) out.push_back(v);
  return out;
}

json distribution_json(const app::Distribution& d) {
  json bands = json::array();
  for (const app::Band& b : d.bands) bands.push_back({{"label", b.label}, {"count", b.count}});
  return {{"count", d.count}, {"mean", d.mean}, {"min", d.min}, {"p10", d.p10}, {"p25", d.p25},
          {"p50", d.p50},     {"p75", d.p75},   {"p90", d.p90}, {"max", d.max}, {"bands", bands}};
}

Error bad(const std::string& field, const std::string& value, const std::string& message) {
  return Error::invalid_input("request", 0, field, "census_map", value, message);
}

// A JSON value of the body as a string (numbers as written).
std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

Result<std::vector<std::string>> string_list(const json& map, const std::string& key) {
  std::vector<std::string> out;
  if (!map.contains(key) || map[key].is_null()) return out;
  if (!map[key].is_array()) return bad("map." + key, text_of(map[key]), key + " must be a list");
  for (const json& v : map[key]) {
    if (!v.is_string()) return bad("map." + key, text_of(v), key + " must be a list of text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Status read_field(const json& f, const std::string& at, io::CensusMap& map) {
  if (!f.is_object()) return bad(at, text_of(f), "each field must be an object");
  if (!f.contains("field") || !f["field"].is_string())
    return bad(at + ".field", "", "field is required: one of our census fields");
  const std::string key = f["field"].get<std::string>();
  const std::optional<io::CensusField> field = io::census_field_from_key(key);
  if (!field) return bad(at + ".field", key, "not one of our census fields");
  io::ColumnMapping& m = map.field(*field);
  m.matched_by = io::MatchedBy::kUser;
  if (f.contains("column") && !f["column"].is_null()) {
    if (!f["column"].is_string())
      return bad(at + ".column", text_of(f["column"]), "column is text");
    m.column = f["column"].get<std::string>();
  }
  if (f.contains("date_format") && !f["date_format"].is_null()) {
    const std::string name = text_of(f["date_format"]);
    m.date_format = io::date_format_from_name(name);
    if (!m.date_format) return bad(at + ".date_format", name, "not a date format we read");
    if (!io::census_field_is_date(*field))
      return bad(at + ".date_format", name, key + " is not a date");
  }
  return Status::success();
}

}  // namespace

std::string census_map_json(const io::CensusMap& map) {
  json fields = json::array();
  for (std::size_t i = 0; i < io::kCensusFieldCount; ++i) {
    const auto field = static_cast<io::CensusField>(i);
    const io::ColumnMapping& m = map.field(field);
    json candidates = json::array();
    for (io::DateFormat d : m.date_format_candidates) candidates.push_back(io::date_format_name(d));
    fields.push_back({{"field", io::census_field_key(field)},
                      {"required", io::census_field_required(field)},
                      {"is_date", io::census_field_is_date(field)},
                      {"column", m.mapped() ? json(m.column) : json(nullptr)},
                      {"matched_by", io::matched_by_name(m.matched_by)},
                      {"reason", m.reason},
                      {"date_format",
                       m.date_format ? json(io::date_format_name(*m.date_format)) : json(nullptr)},
                      {"date_format_candidates", candidates}});
  }
  json exclude = json::array();
  for (const io::ExclusionRule& e : map.exclude)
    exclude.push_back({{"column", e.column}, {"values", strings(e.values)}, {"reason", e.reason}});
  json formats = json::array();
  for (std::size_t i = 0; i < io::kDateFormatCount; ++i)
    formats.push_back(io::date_format_name(static_cast<io::DateFormat>(i)));
  return dump_text(json{{"fields", fields},
              {"pay_basis", io::pay_basis_name(map.pay_basis)},
              {"default_standard_hours",
               map.default_standard_hours ? json(*map.default_standard_hours) : json(nullptr)},
              {"active_values", strings(map.active_values)},
              {"terminated_values", strings(map.terminated_values)},
              {"exclude", exclude},
              {"file_columns", strings(map.file_columns)},
              {"date_formats", formats},
              {"pay_bases", {"annual", "hourly", "per_row"}}});
}

Result<io::CensusMap> census_map_from_json(const std::string& body_text) {
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return bad("", "", "the request body must be a JSON object");
  if (!body.contains("map") || !body["map"].is_object())
    return bad("map", "", "map is required: the proposed map, edited");
  const json& map = body["map"];
  io::CensusMap out;
  if (map.contains("fields")) {
    if (!map["fields"].is_array()) return bad("map.fields", "", "fields must be a list");
    for (std::size_t i = 0; i < map["fields"].size(); ++i)
      PLANWISE_RETURN_IF_ERROR(
          read_field(map["fields"][i], "map.fields[" + std::to_string(i) + "]", out));
  }
  if (map.contains("pay_basis") && !map["pay_basis"].is_null()) {
    const std::string name = text_of(map["pay_basis"]);
    const auto basis = io::pay_basis_from_name(name);
    if (!basis) return bad("map.pay_basis", name, "pay_basis is annual, hourly or per_row");
    out.pay_basis = *basis;
  }
  if (map.contains("default_standard_hours") && !map["default_standard_hours"].is_null()) {
    const json& h = map["default_standard_hours"];
    if (!h.is_number() || h.get<double>() <= 0 || h.get<double>() > 168)
      return bad("map.default_standard_hours", text_of(h),
                 "standard hours are a number of weekly hours above 0 and at most 168");
    out.default_standard_hours = h.get<double>();
  }
  auto active = string_list(map, "active_values");
  if (!active) return std::move(active).error();
  out.active_values = std::move(active).value();
  auto terminated = string_list(map, "terminated_values");
  if (!terminated) return std::move(terminated).error();
  out.terminated_values = std::move(terminated).value();
  if (map.contains("exclude") && !map["exclude"].is_null()) {
    if (!map["exclude"].is_array()) return bad("map.exclude", "", "exclude must be a list");
    for (std::size_t i = 0; i < map["exclude"].size(); ++i) {
      const json& e = map["exclude"][i];
      const std::string at = "map.exclude[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("column") || !e["column"].is_string())
        return bad(at + ".column", "", "each exclusion names a column");
      auto values = string_list(e, "values");
      if (!values) return bad(at + ".values", "", "values must be a list of text");
      out.exclude.push_back({e["column"].get<std::string>(), std::move(values).value(),
                             e.contains("reason") ? text_of(e["reason"]) : ""});
    }
  }
  return out;
}

std::string census_preview_json(const app::CensusPreview& p) {
  json excluded = json::array();
  for (const app::ExcludedCount& e : p.counts.excluded_by_reason)
    excluded.push_back({{"reason", e.reason}, {"rows", e.rows}});
  json levels = json::array();
  for (const app::LevelShare& l : p.level_mix)
    levels.push_back(
        {{"level", l.level}, {"name", l.name}, {"count", l.count}, {"share", l.share}});
  json issues = json::array();
  for (const app::CensusIssue& i : p.issues) {
    issues.push_back({{"severity", app::issue_severity_name(i.severity)},
                      {"row", i.row},
                      {"column", i.column},
                      {"field", i.field},
                      {"rule", i.rule},
                      {"value", i.value},
                      {"message", i.message}});
  }
  json questions = json::array();
  for (const app::CensusQuestion& q : p.questions) {
    questions.push_back({{"field", q.field},
                         {"column", q.column},
                         {"message", q.message},
                         {"options", strings(q.options)}});
  }
  return dump_text(json{{"source_name", p.source_name},
              {"start_year", p.start_year},
              {"census_date", p.census_date},
              {"counts",
               {{"rows_total", p.counts.rows_total},
                {"active", p.counts.active},
                {"terminated", p.counts.terminated},
                {"excluded", p.counts.excluded},
                {"excluded_by_reason", excluded}}},
              {"pay", distribution_json(p.pay)},
              {"age", distribution_json(p.age)},
              {"level_mix", levels},
              {"issues", issues},
              {"errors", p.errors},
              {"warnings", p.warnings},
              {"issues_not_listed", p.issues_not_listed},
              {"questions", questions},
              {"can_confirm", p.can_confirm},
              {"map", json::parse(census_map_json(p.map))}});
}

std::string stored_census_json(const app::StoredCensus& c) {
  return dump_text(json{{"sha256", c.sha256},           {"name", c.name},
              {"source_name", c.source_name}, {"rows_total", c.rows_total},
              {"active", c.active},           {"terminated", c.terminated},
              {"excluded", c.excluded},       {"imported_at", c.imported_at},
              {"imported_by", c.imported_by}});
}

std::string active_census_json(const app::CensusChoice& c) {
  return dump_text(json{{"sha256", c.sha256}, {"name", c.name}, {"stored", c.stored}});
}

std::string upload_json(const app::UploadedFile& f) {
  return dump_text(json{{"upload_id", f.id},
              {"bytes", f.bytes},
              {"file_type", app::upload_type_name(f.type)},
              {"name", f.source_name}});
}

}  // namespace planwise::api
