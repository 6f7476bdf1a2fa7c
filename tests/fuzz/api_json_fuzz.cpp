// libFuzzer target: the JSON request bodies of every API route (docs/api.md;
// issue 15 item 3). The first byte picks a route, the rest is its body,
// answered by the in-process service of fuzz_service.hpp (the server's whole
// API without the socket), signed in as the admin. The client-side parsers of the CLI's
// routes (api/cli_json.hpp) and the census-mapping body parser read the same
// bytes. A body is answered, or refused with a 4xx in the API's error shape:
// a 500 is a crash.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/census_json.hpp"
#include "api/cli_json.hpp"
#include "fuzz/fuzz_service.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

using planwise::api::Request;
using planwise::api::Response;
using planwise::fuzz::broken;

struct Route {
  const char* method;
  std::string path;
};

Response call(const std::string& method, const std::string& path, const std::string& body) {
  return planwise::fuzz::fuzz_service().handle(planwise::fuzz::admin_request(method, path, body));
}

// Every route that reads a JSON body, with a scenario and a change request
// of their own for the routes that act on one; routes on an upload or an
// optimization name one that does not exist (they read the body first or
// not at all, and are refused either way).
const std::vector<Route>& routes() {
  static const std::vector<Route> all = [] {
    call("POST", "/api/scenarios", R"({"name":"fuzz","reason":"fuzz target"})");
    const Response created = call(
        "POST", "/api/requests",
        R"({"scenario":"fuzz","cells":[{"parameter":"merit_base","year":2025,"level":1,"value":0.03}],"reason":"fuzz target"})");
    const auto body = nlohmann::json::parse(created.body, nullptr, false);
    std::string id = "req_missing";
    if (body.is_object() && body.contains("request") && body["request"].contains("request_id"))
      id = body["request"]["request_id"].get<std::string>();
    const std::string request = "/api/requests/" + id;
    return std::vector<Route>{
        {"POST", "/api/session"},
        {"PUT", "/api/levers"},
        {"POST", "/api/impact"},
        {"POST", "/api/levers/lock"},
        {"POST", "/api/levers/validate"},
        {"POST", "/api/scenarios"},
        {"POST", "/api/scenarios/fuzz/rename"},
        {"POST", "/api/scenarios/fuzz/archive"},
        {"PUT", "/api/scenarios/fuzz/target"},
        {"PUT", "/api/scenarios/fuzz/budget"},
        {"PUT", "/api/scenarios/fuzz/governance"},
        {"DELETE", "/api/scenarios/fuzz_missing"},
        {"POST", "/api/runs"},
        {"POST", "/api/ensembles"},
        {"POST", "/api/compare/paired"},
        {"POST", "/api/sweep"},
        {"POST", "/api/optimizations"},
        {"POST", "/api/optimizations/opt_missing/accept"},
        {"POST", "/api/requests"},
        {"POST", request + "/submit"},
        {"POST", request + "/approve"},
        {"POST", request + "/reject"},
        {"POST", request + "/publish"},
        {"POST", request + "/rebase"},
        {"POST", request + "/rollback"},
        {"POST", "/api/users"},
        {"POST", "/api/censuses/uploads/upl_missing/preview"},
        {"POST", "/api/censuses/uploads/upl_missing/confirm"},
        {"PUT", "/api/censuses/active"},
        {"POST", "/api/sql"},
        {"POST", "/api/cli/levers/set"},
        {"POST", "/api/cli/levers/lock"},
    };
  }();
  return all;
}

void expect_api_answer(const Route& route, const Response& r) {
  const std::string what = std::string(route.method) + " " + route.path;
  if (r.status >= 500) broken(what + " answered " + std::to_string(r.status) + ": " + r.body);
  if (r.status < 400) {
    // Drain a streamed body as the server would.
    if (r.producer) r.producer([](const char*, std::size_t) { return true; });
    return;
  }
  const auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body.contains("field") ||
      !body.contains("detail"))
    broken(what + " refused without {error, field, detail}: " + r.body);
}

// The CLI's readers of the server's answers: a value or an error, never a crash.
// A simulation or optimization the input started runs on the job queue's
// thread. It is waited for before the input ends: libFuzzer checks for leaks
// after each input, and DuckDB's plan of a query still running there is
// reachable only in ways LeakSanitizer does not follow.
void wait_for_jobs() {
  for (const auto& job : planwise::fuzz::fuzz_service().jobs().jobs())
    while (!job->finished())
      (void)job->events_after(std::numeric_limits<std::int64_t>::max(),
                              std::chrono::milliseconds(100));
}

void read_as_cli_answers(const std::string& text) {
  using namespace planwise::api;
  (void)query_table_from_json(text);
  (void)run_list_from_json(text);
  (void)run_details_from_json(text);
  (void)lever_view_from_json(text);
  (void)lever_outcome_from_json(text);
  (void)audit_rows_from_json(text);
  (void)snapshot_from_json(text);
  (void)census_map_from_json(text);
}

}  // namespace

// The service and its scenario and request are made before the first input,
// so their set-up is not counted against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)routes();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(planwise::fuzz::text_of(data + 1, size - 1));
  const std::size_t pick = data[0] % (routes().size() + 1);
  if (pick == routes().size()) {
    read_as_cli_answers(body);
    return 0;
  }
  const Route& route = routes()[pick];
  expect_api_answer(route, call(route.method, route.path, body));
  wait_for_jobs();
  return 0;
}
