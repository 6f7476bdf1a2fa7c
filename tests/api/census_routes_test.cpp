// Issue 14 items 1 and 6 through a real server: a census uploaded (streamed
// by the transport), its proposed map, a preview whose counts the test
// recomputes from the file it wrote, the issues as CSV, confirm, the list
// and a switch of the dashboard's census, which the headline and the runs
// then record. A refused upload (too large, wrong type) stores nothing, a
// census with errors cannot be confirmed, and no route takes a server path.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

#include "server/test_server.hpp"

namespace planwise::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::test_support::TestServer;

constexpr std::size_t kLimit = 64 * 1024;

TestServer census_server() {
  return TestServer({}, [](ServiceConfig& c) { c.max_upload_bytes = kLimit; });
}

// A Workday-style export: `rows` employees, every fourth terminated in 2023,
// ISO dates, pay from $52,000 up; `bad_pay_row` (1-based data row) holds
// "n/a" as pay.
struct Written {
  std::string text;
  std::size_t active = 0, terminated = 0;
};
Written workday_csv(int rows, int bad_pay_row = 0) {
  Written w;
  w.text = "Worker ID,SSN,Date of Birth,Original Hire Date,Termination Date,Annual Base Salary\n";
  for (int i = 1; i <= rows; ++i) {
    const bool left = i % 4 == 0;
    (left ? w.terminated : w.active) += 1;
    const std::string month = (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1);
    w.text += "W" + std::to_string(5000 + i) + "," + std::to_string(100 + i) + "-45-" +
              std::to_string(1000 + i) + "," + std::to_string(1960 + i % 35) + "-" + month +
              "-20," + std::to_string(2008 + i % 15) + "-" + month + "-03," +
              (left ? "2023-" + month + "-28" : "") + "," +
              (i == bad_pay_row ? "n/a" : std::to_string(52000 + 3500 * i)) + "\n";
  }
  return w;
}

json body_json(const httplib::Result& r) {
  return r ? json::parse(r->body, nullptr, false) : json();
}

// Every file under the census folder (uploads included).
std::vector<fs::path> census_files(const TestServer& s) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(s.dir() / "censuses", ec);
       !ec && it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file()) out.push_back(it->path());
  return out;
}

std::string upload(const TestServer& s, const std::string& csv, int expect = 201) {
  auto c = s.client();
  auto r = c.Post("/api/censuses/uploads?name=workday.csv", csv, "text/csv");
  EXPECT_TRUE(r);
  if (!r) return "";
  EXPECT_EQ(r->status, expect) << r->body;
  const json j = body_json(r);
  return j.contains("upload_id") ? j["upload_id"].get<std::string>() : std::string();
}

json preview(const TestServer& s, const std::string& id, const json& map) {
  auto c = s.client();
  auto r = c.Post("/api/censuses/uploads/" + id + "/preview", json{{"map", map}}.dump(),
                  "application/json");
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  return body_json(r);
}

TEST(CensusRoutes, UploadPreviewConfirmListAndSwitch) {
  TestServer s = census_server();
  auto c = s.client();
  const Written file = workday_csv(30);
  const std::string id = upload(s, file.text);
  ASSERT_FALSE(id.empty());

  auto proposal = c.Get("/api/censuses/uploads/" + id + "/proposal");
  ASSERT_TRUE(proposal && proposal->status == 200) << (proposal ? proposal->body : "");
  const json map = body_json(proposal)["map"];
  const auto field = [&](const std::string& key) {
    for (const json& f : map["fields"])
      if (f["field"] == key) return f;
    return json();
  };
  EXPECT_EQ(field("employee_id")["column"], "Worker ID");
  EXPECT_EQ(field("hire_date")["column"], "Original Hire Date");
  EXPECT_EQ(field("hire_date")["date_format"], "YYYY-MM-DD");
  EXPECT_EQ(map["file_columns"].size(), 6u);

  const json p = preview(s, id, map);
  EXPECT_EQ(p["counts"]["rows_total"], 30);
  EXPECT_EQ(p["counts"]["active"], file.active);
  EXPECT_EQ(p["counts"]["terminated"], file.terminated);
  EXPECT_EQ(p["errors"], 0) << p["issues"].dump();
  EXPECT_TRUE(p["can_confirm"].get<bool>()) << p.dump();
  EXPECT_EQ(p["pay"]["count"], file.active);
  std::size_t level_total = 0;
  for (const json& l : p["level_mix"]) level_total += l["count"].get<std::size_t>();
  EXPECT_EQ(level_total, file.active);

  auto issues = c.Get("/api/censuses/uploads/" + id + "/issues.csv");
  ASSERT_TRUE(issues && issues->status == 200);
  EXPECT_EQ(issues->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(issues->body.substr(0, issues->body.find('\n')),
            "severity,row,column,field,rule,value,message");

  auto confirmed = c.Post("/api/censuses/uploads/" + id + "/confirm",
                          json{{"map", map}, {"name", "hris_march"}}.dump(), "application/json");
  ASSERT_TRUE(confirmed && confirmed->status == 201) << (confirmed ? confirmed->body : "");
  const json stored = body_json(confirmed)["census"];
  const std::string sha = stored["sha256"];
  EXPECT_EQ(stored["name"], "hris_march");
  EXPECT_EQ(stored["active"], file.active);
  EXPECT_TRUE(fs::exists(s.dir() / "censuses" / (sha + ".csv")));
  EXPECT_EQ(confirmed->body.find(s.dir().string()), std::string::npos) << "a server path shown";
  // The upload is gone once stored.
  EXPECT_EQ(c.Get("/api/censuses/uploads/" + id + "/proposal")->status, 404);

  json list = body_json(c.Get("/api/censuses"));
  ASSERT_EQ(list["censuses"].size(), 1u);
  EXPECT_EQ(list["censuses"][0]["sha256"], sha);
  EXPECT_FALSE(list["active"]["stored"].get<bool>());
  EXPECT_EQ(list["max_upload_bytes"], kLimit);

  auto switched = c.Put("/api/censuses/active", json{{"sha256", sha}}.dump(), "application/json");
  ASSERT_TRUE(switched && switched->status == 200) << (switched ? switched->body : "");
  list = body_json(switched);
  EXPECT_EQ(list["active"]["name"], "hris_march");
  EXPECT_TRUE(list["censuses"][0]["in_use"].get<bool>());
  EXPECT_NE(list["configured"]["sha256"], sha) << "the configured census is still the server's";
  EXPECT_EQ(body_json(c.Get("/api/health"))["census"]["sha256"], sha);
  const json headline = body_json(c.Get("/api/headline?scenario=default"));
  EXPECT_EQ(headline["census"]["sha256"], sha) << headline.dump().substr(0, 300);
  const json audit = body_json(c.Get("/api/audit"));
  bool audited = false;
  for (const json& e : audit["entries"])
    audited = audited || (e["event_type"] == "CENSUS_SWITCHED" && e["actor"] == "admin" &&
                          e["details"].get<std::string>().find(sha) != std::string::npos);
  EXPECT_TRUE(audited) << audit.dump().substr(0, 600);

  // A run now records the stored census's hash.
  auto run = c.Post("/api/runs", R"({"scenario":"default"})", "application/json");
  ASSERT_TRUE(run && run->status == 202) << (run ? run->body : "");
  const std::string run_id = body_json(run)["run_id"];
  json runs;
  for (int i = 0; i < 600; ++i) {
    runs = body_json(c.Get("/api/runs"));
    if (runs["runs"][0]["status"] == "done" || runs["runs"][0]["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(runs["runs"][0]["status"], "done") << runs.dump().substr(0, 400);
  EXPECT_EQ(runs["runs"][0]["census_sha256"], sha);

  // Back to the configured census.
  list = body_json(c.Put("/api/censuses/active", R"({"sha256":null})", "application/json"));
  EXPECT_FALSE(list["active"]["stored"].get<bool>());
  EXPECT_EQ(list["active"]["sha256"], list["configured"]["sha256"]);
}

// Issue 15 item 3 (found by the http_request fuzz target): an upload's name
// and its column headers need not be UTF-8; the answers show such bytes as
// U+FFFD instead of ending the server.
TEST(CensusRoutes, ANameOrHeaderThatIsNotUtf8IsShownNotThrownOn) {
  TestServer s = census_server();
  auto c = s.client();
  std::string csv = workday_csv(3).text;
  csv.replace(0, std::string("Worker ID").size(), "Worker\xff ID");
  auto r = c.Post("/api/censuses/uploads?name=%FF%FEhris.csv", csv, "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const json j = body_json(r);
  ASSERT_TRUE(j.is_object()) << r->body;
  EXPECT_EQ(j["name"], "\xEF\xBF\xBD\xEF\xBF\xBDhris.csv");
  auto proposal = c.Get("/api/censuses/uploads/" + j["upload_id"].get<std::string>() + "/proposal");
  ASSERT_TRUE(proposal);
  ASSERT_EQ(proposal->status, 200) << proposal->body;
  const json map = body_json(proposal)["map"];
  ASSERT_TRUE(map.is_object()) << proposal->body;
  EXPECT_EQ(map["file_columns"][0], "Worker\xEF\xBF\xBD ID");
  auto missing = c.Get("/api/censuses/uploads/upl_\xff");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(json::parse(missing->body, nullptr, false).is_object()) << missing->body;
}

TEST(CensusRoutes, ACensusWithErrorsCannotBeConfirmedAndNothingIsStored) {
  TestServer s = census_server();
  auto c = s.client();
  const std::string id = upload(s, workday_csv(12, 5).text);
  const json map = body_json(c.Get("/api/censuses/uploads/" + id + "/proposal"))["map"];
  const json p = preview(s, id, map);
  EXPECT_FALSE(p["can_confirm"].get<bool>());
  bool named = false;
  for (const json& i : p["issues"])
    named = named || (i["severity"] == "error" && i["row"] == 6 &&
                      i["column"] == "Annual Base Salary" && i["value"] == "n/a");
  EXPECT_TRUE(named) << p["issues"].dump();
  auto confirmed = c.Post("/api/censuses/uploads/" + id + "/confirm",
                          json{{"map", map}, {"name", "broken"}}.dump(), "application/json");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, 422) << confirmed->body;
  EXPECT_EQ(body_json(confirmed)["error"], "cannot_confirm");
  EXPECT_TRUE(body_json(c.Get("/api/censuses"))["censuses"].empty());
  for (const fs::path& f : census_files(s))
    EXPECT_EQ(f.parent_path().filename(), "uploads") << "stored: " << f;
}

TEST(CensusRoutes, RefusedUploadsStoreNothing) {
  TestServer s = census_server();
  auto c = s.client();
  // Past the limit: 413, no file, the registry unchanged.
  auto big = c.Post("/api/censuses/uploads?name=big.csv", workday_csv(2000).text, "text/csv");
  if (big) {  // the server may close before the client has sent everything
    EXPECT_EQ(big->status, 413) << big->body;
  }
  // Not a census file type: 415 by the bytes and by the name.
  auto xlsx = c.Post("/api/censuses/uploads?name=hris.csv",
                     std::string("PK\x03\x04\0\0", 6) + std::string(100, 'x'), "text/csv");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 415);
  auto named = c.Post("/api/censuses/uploads?name=hris.xlsx", "a,b\n1,2\n", "text/csv");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->status, 415);
  EXPECT_EQ(body_json(named)["field"], "name");
  EXPECT_TRUE(census_files(s).empty());
  EXPECT_TRUE(body_json(c.Get("/api/censuses"))["censuses"].empty());
}

// A refused upload frees its slot (two per client) before its answer is
// sent: a client that reads the refusal and uploads again at once is never
// told it has too many uploads in progress.
TEST(CensusRoutes, AnUploadRightAfterARefusalIsNotRefusedAsBusy) {
  TestServer s = census_server();
  auto c = s.client();
  for (int i = 0; i < 25; ++i) {
    auto refused = c.Post("/api/censuses/uploads?name=hris.xlsx", "a,b\n1,2\n", "text/csv");
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->status, 415) << "round " << i << ": " << refused->body;
  }
  EXPECT_TRUE(census_files(s).empty());
}

TEST(CensusRoutes, NoRouteTakesAServerPath) {
  TestServer s = census_server();
  auto c = s.client();
  // A JSON body naming a file is not an upload.
  auto by_path = c.Post("/api/censuses/uploads", R"({"path":"/etc/passwd"})", "application/json");
  ASSERT_TRUE(by_path);
  EXPECT_EQ(by_path->status, 415) << by_path->body;
  // Nor is a path in place of an upload id.
  for (const std::string id : {"..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "../censuses"}) {
    auto r = c.Get("/api/censuses/uploads/" + id + "/proposal");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << id << ": " << r->body;
  }
  // The map names columns of the file, never files.
  const std::string id = upload(s, workday_csv(6).text);
  auto bad = c.Post("/api/censuses/uploads/" + id + "/preview",
                    R"({"map":{"fields":[{"field":"hire_date","date_format":"DD/MM/YY"}]}})",
                    "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body_json(bad)["field"], "map.fields[0].date_format");
}

TEST(CensusRoutes, AnUploadIsOnlyItsUploaders) {
  TestServer s({}, [](ServiceConfig& c) {
    c.users = [](std::string_view token) -> std::optional<Identity> {
      if (token == "ana-token-00000000000") return Identity{"ana", app::Role::kAnalyst};
      if (token == "bob-token-00000000000") return Identity{"bob", app::Role::kAnalyst};
      if (token == "eve-token-00000000000") return Identity{"eve", app::Role::kExecutive};
      return std::nullopt;
    };
  });
  auto as = [&](const std::string& token) {
    httplib::Client c("127.0.0.1", s.port());
    c.set_default_headers({{"Authorization", "Bearer " + token}});
    return c;
  };
  auto ana = as("ana-token-00000000000");
  auto up = ana.Post("/api/censuses/uploads?name=a.csv", workday_csv(4).text, "text/csv");
  ASSERT_TRUE(up && up->status == 201) << (up ? up->body : "");
  const std::string id = body_json(up)["upload_id"];
  EXPECT_EQ(ana.Get("/api/censuses/uploads/" + id + "/proposal")->status, 200);
  EXPECT_EQ(as("bob-token-00000000000").Get("/api/censuses/uploads/" + id + "/proposal")->status,
            404);
  // An executive may see the list but not an upload.
  auto eve = as("eve-token-00000000000");
  EXPECT_EQ(eve.Get("/api/censuses")->status, 200);
  EXPECT_EQ(eve.Get("/api/censuses/uploads/" + id + "/proposal")->status, 403);
}

}  // namespace
}  // namespace planwise::api
