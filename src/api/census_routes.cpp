// Issue 14 item 1: a census uploaded, mapped, previewed and confirmed from
// the dashboard, the stored censuses, and the one the dashboard runs on
// (docs/api.md "Censuses"). The upload's body arrives through the
// transport's streaming path (server/upload_receiver.cpp), which calls
// admit_upload and upload_received here; the other routes name the upload
// by its id, never by a path.
#include "api/census_json.hpp"
#include "api/routes.hpp"
#include "app/census_switch.hpp"

namespace planwise::api {

namespace {

app::UploadedFile upload_of(Service::Context& c, const std::string& id) {
  std::optional<app::UploadedFile> file = c.service.uploads().find(id, c.user.name);
  // Another user's upload is not found either: uploads are their uploader's.
  if (!file)
    fail(404, "not_found", "upload_id",
         "no upload " + id + " of yours (uploads are removed after an hour unused)");
  return *file;
}

app::CensusSource source_of(const app::UploadedFile& f) {
  return app::CensusSource{f.path, f.source_name.empty() ? "upload" : f.source_name};
}

app::CensusImportOptions import_options(Service::Context& c) {
  app::CensusImportOptions options;
  options.inputs = c.config.inputs;
  return options;
}

json census_list_json(Service::Context& c) {
  const app::CensusChoice active = c.service.active_census();  // after a switch, the new one
  json list = json::array();
  for (const app::StoredCensus& s : take(app::list_censuses(c.config.db_path))) {
    json one = json::parse(stored_census_json(s));
    one["in_use"] = active.stored && s.sha256 == active.sha256;
    list.push_back(one);
  }
  return {{"active", json::parse(active_census_json(active))},
          {"configured", json::parse(active_census_json(c.service.configured_census()))},
          {"censuses", list},
          {"max_upload_bytes", c.service.max_upload_bytes()}};
}

// The switch, audited: who moved the dashboard from which census to which.
Response switch_census(Service::Context& c, const Request& r) {
  const json body = parse_body(r);
  const std::optional<std::string> wanted = string_field(body, "sha256");
  const app::CensusChoice before = c.service.active_census();
  app::CensusChoice next;
  if (!wanted || wanted->empty()) {
    next = c.service.configured_census();
  } else {
    const app::StoredCensus s = take(app::find_census(c.config.db_path, *wanted));
    next = app::CensusChoice{s.sha256, s.name, s.path, true};
  }
  check(app::record_census_switch(c.config.db_path, c.user.name, before, next));
  c.service.set_active_census(next);
  return json_response(census_list_json(c));
}

std::optional<Response> upload_routes(Service::Context& c, const Request& r,
                                      const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 3 && m == "POST") {
    // Reached only by a spelling of the path the transport did not stream
    // (or without a server): the body was read into memory.
    fail(400, "invalid_input", "body",
         "send the file as the raw body of POST /api/censuses/uploads (it is streamed to disk)");
  }
  if (p.size() < 4) return std::nullopt;
  require_census_upload_rights(c);
  const std::string& id = p[3];
  const std::string action = p.size() == 5 ? p[4] : "";
  if (p.size() == 4 && m == "DELETE") {
    upload_of(c, id);
    c.service.uploads().remove(id);
    return json_response({{"upload_id", id}, {"deleted", true}});
  }
  if (p.size() == 4 && m == "GET") return json_response(json::parse(upload_json(upload_of(c, id))));
  if (action == "proposal" && m == "GET") {
    const app::UploadedFile file = upload_of(c, id);
    const HeavySlot slot = heavy_slot(c);
    const io::CensusMap map = take(app::propose_census_map(source_of(file)));
    return json_response(
        {{"upload", json::parse(upload_json(file))}, {"map", json::parse(census_map_json(map))}});
  }
  if (action == "preview" && m == "POST") {
    const app::UploadedFile file = upload_of(c, id);
    const io::CensusMap map = take(census_map_from_json(r.body));
    const HeavySlot slot = heavy_slot(c);
    const app::CensusPreview preview =
        take(app::preview_census_import(source_of(file), map, import_options(c)));
    c.service.uploads().keep_issues(id, app::census_issues_csv(preview));
    return json_response(json::parse(census_preview_json(preview)));
  }
  if (action == "issues.csv" && m == "GET") {
    upload_of(c, id);
    const std::optional<std::string> csv = c.service.uploads().issues_csv(id, c.user.name);
    if (!csv) fail(409, "conflict", "upload_id", "preview the upload first");
    Response out;
    out.content_type = "text/csv; charset=utf-8";
    out.body = *csv;
    out.headers.push_back({"Content-Disposition",
                           "attachment; filename=\"census-issues-" + id.substr(0, 8) + ".csv\""});
    return out;
  }
  if (action == "confirm" && m == "POST") {
    const app::UploadedFile file = upload_of(c, id);
    const io::CensusMap map = take(census_map_from_json(r.body));
    const json body = parse_body(r);
    const std::string name = string_field(body, "name").value_or("");
    const HeavySlot slot = heavy_slot(c);
    auto stored = app::confirm_census_import(c.config.db_path, source_of(file), map, name,
                                             c.user.name, import_options(c));
    // A census with errors or open questions is refused with the first of
    // them (the preview lists them all): the request was understood, the
    // data cannot be stored.
    if (!stored && stored.error().kind == ErrorKind::kInvalidInput)
      fail(422, "cannot_confirm", stored.error().column, stored.error().message);
    const app::StoredCensus census = take(std::move(stored));
    c.service.uploads().remove(id);
    return json_response({{"census", json::parse(stored_census_json(census))}}, 201);
  }
  return std::nullopt;
}

}  // namespace

void require_census_upload_rights(Service::Context& c) {
  c.require(app::Right::kEmployeeData, "uploading or previewing a census (it holds SSNs)");
  c.require(app::Right::kRun, "importing a census");
}

app::CensusChoice Service::active_census() const {
  std::lock_guard<std::mutex> lock(census_mutex_);
  return active_census_;
}

void Service::set_active_census(app::CensusChoice census) {
  std::lock_guard<std::mutex> lock(census_mutex_);
  active_census_ = std::move(census);
}

std::variant<Identity, Response> Service::admit_upload(const Request& request) {
  try {
    const Identity who = require_identity(request);
    Context context{*this, config_, *jobs_, who, active_census()};
    require_census_upload_rights(context);
    return who;
  } catch (const ApiError& e) {
    Response out = error(e.status, e.kind, e.field, e.detail);
    out.headers = e.headers;
    return out;
  }
}

Response Service::upload_received(const app::UploadedFile& file) {
  return json_response(json::parse(upload_json(file)), 201);
}

std::optional<Response> census_routes(Service::Context& c, const Request& r,
                                      const std::vector<std::string>& p) {
  if (p.size() < 2 || p[1] != "censuses") return std::nullopt;
  if (p.size() >= 3 && p[2] == "uploads") return upload_routes(c, r, p);
  if (p.size() == 2 && r.method == "GET") return json_response(census_list_json(c));
  if (p.size() == 3 && p[2] == "active" && r.method == "PUT") return switch_census(c, r);
  return std::nullopt;
}

}  // namespace planwise::api
