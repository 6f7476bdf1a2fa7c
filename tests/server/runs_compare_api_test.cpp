// Issue 10 items 2 and 6 over HTTP (contract C): what-if runs marked in the
// run list and detail with their overrides, extend_levers and its 400,
// the recorded target, last_lever_year, and GET /api/compare(.csv).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/test_server.hpp"

namespace planwise::server {
namespace {

using nlohmann::json;
using test_support::TestServer;

json compare_body(const httplib::Result& r) {
  EXPECT_TRUE(r) << "no response";
  return r ? json::parse(r->body) : json();
}

void expect_compare_error(const httplib::Result& r, int status, const std::string& field,
                          const std::string& detail_part = "") {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  const json j = json::parse(r->body);
  EXPECT_EQ(j["field"], field) << r->body;
  EXPECT_NE(j["detail"].get<std::string>().find(detail_part), std::string::npos) << r->body;
}

// Starts a run and waits for it; returns GET /api/runs/{id}.
json run_to_end(httplib::Client& c, const std::string& body) {
  auto started = c.Post("/api/runs", body, "application/json");
  EXPECT_TRUE(started && started->status == 202) << (started ? started->body : "no response");
  if (!started || started->status != 202) return json();
  const std::string id = json::parse(started->body)["run_id"];
  for (int i = 0; i < 600; ++i) {
    json j = compare_body(c.Get("/api/runs/" + id));
    if (j["status"] != "queued" && j["status"] != "running") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << id << " did not finish";
  return json();
}

const json& listed_runs(const json& runs, const std::string& id) {
  for (const json& r : runs["runs"]) {
    if (r["run_id"] == id) return r;
  }
  static const json none;
  return none;
}

TEST(RunsApi, WhatIfRunsAreStoredWithTheirOverridesAndMarkedWhereListed) {
  TestServer s;
  auto c = s.client();
  const json what_if = run_to_end(
      c, R"({"cells":[{"parameter":"merit_base","year":2027,"level":2,"value":0.0425}]})");
  ASSERT_EQ(what_if["status"], "done") << what_if.dump();
  const json plain = run_to_end(c, "{}");
  ASSERT_EQ(plain["status"], "done") << plain.dump();

  const json& summary = what_if["summary"];
  EXPECT_EQ(summary["what_if"], true);
  EXPECT_EQ(summary["overrides"], 1);
  ASSERT_EQ(summary["lever_overrides"].size(), 1u);
  EXPECT_EQ(summary["lever_overrides"][0],
            json::parse(R"({"parameter":"merit_base","year":2027,"level":2,"value":0.0425})"));
  EXPECT_EQ(summary["carried_lever_years"], json::array());
  EXPECT_EQ(summary["target"], json::parse(R"({"growth":0.02,"tolerance":0.001,"metric":"mean"})"));
  EXPECT_EQ(plain["summary"]["what_if"], false);
  EXPECT_EQ(plain["summary"]["overrides"], 0);

  const json runs = compare_body(c.Get("/api/runs"));
  EXPECT_EQ(listed_runs(runs, what_if["run_id"])["what_if"], true);
  EXPECT_EQ(listed_runs(runs, what_if["run_id"])["overrides"], 1);
  EXPECT_EQ(listed_runs(runs, plain["run_id"])["what_if"], false);
}

TEST(RunsApi, ARunPastTheLeversNeedsExtendLeversWhichRecordsTheCarriedYears) {
  TestServer s;
  auto c = s.client();
  EXPECT_EQ(compare_body(c.Get("/api/levers"))["last_lever_year"], 2029);
  expect_compare_error(
      c.Post("/api/runs", R"({"end_year":2031})", "application/json"), 400, "end_year",
      "levers end in 2029; use extend_levers / --extend-levers to carry 2029 forward");
  const json run = run_to_end(c, R"({"end_year":2031,"extend_levers":true})");
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_EQ(run["summary"]["carried_lever_years"], json::parse("[2030,2031]"));
  EXPECT_EQ(run["summary"]["provenance"]["carried_lever_years"], json::parse("[2030,2031]"));
  EXPECT_EQ(run["summary"]["years"].size(), 7u);
  const json runs = compare_body(c.Get("/api/runs"));
  EXPECT_EQ(listed_runs(runs, run["run_id"])["carried_lever_years"], json::parse("[2030,2031]"));
}

TEST(RunsApi, TheRequestsTargetIsRecordedAndCheckedField) {
  TestServer s;
  auto c = s.client();
  const json run = run_to_end(c, R"({"target":{"growth":0.03,"metric":"final"}})");
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_EQ(run["summary"]["target"],
            json::parse(R"({"growth":0.03,"tolerance":0.001,"metric":"final"})"));
  expect_compare_error(
      c.Post("/api/runs", R"({"target":{"growth":0.03,"metric":"max"}})", "application/json"), 400,
      "target.metric");
  expect_compare_error(c.Post("/api/runs", R"({"target":{"metric":"mean"}})", "application/json"),
                       400, "target.growth");
}

class CompareApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = server_.client();
    for (const char* name : {"hi", "lo"}) {
      auto created = c.Post("/api/scenarios",
                            json{{"name", name}, {"from", "default"}, {"reason", "test"}}.dump(),
                            "application/json");
      ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "");
    }
    json merit = json::array(), cola = json::array();
    for (int level = 1; level <= 5; ++level) {
      merit.push_back(
          {{"parameter", "merit_base"}, {"year", 2028}, {"level", level}, {"value", 0.055}});
      cola.push_back(
          {{"parameter", "cola_rate"}, {"year", 2029}, {"level", level}, {"value", 0.012}});
    }
    for (auto [scenario, cells] : {std::pair{"hi", merit}, std::pair{"lo", cola}}) {
      // Each save says the value it read (issue 15 item 4).
      const json grid =
          compare_body(c.Get((std::string("/api/levers?scenario=") + scenario).c_str()));
      for (json& edit : cells) {
        for (const json& shown : grid["cells"]) {
          if (shown["parameter"] == edit["parameter"] && shown["year"] == edit["year"] &&
              shown["level"] == edit["level"])
            edit["expected"] = shown["value"];
        }
      }
      auto put = c.Put("/api/levers",
                       json{{"scenario", scenario}, {"reason", "test"}, {"cells", cells}}.dump(),
                       "application/json");
      ASSERT_TRUE(put && put->status == 200) << (put ? put->body : "");
    }
  }
  TestServer server_;
};

TEST_F(CompareApi, ComparesThreeScenariosWithLeverDifferencesAndDeltasToTheFirst) {
  auto c = server_.client();
  const json j = compare_body(c.Get("/api/compare?scenarios=default,hi,lo"));
  ASSERT_EQ(j["items"].size(), 3u) << j.dump();
  for (const json& item : j["items"]) {
    EXPECT_EQ(item["simulated"], true);  // no run is stored yet
    EXPECT_TRUE(item["run_id"].is_null());
    EXPECT_EQ(item["what_if"], false);
  }
  EXPECT_EQ(j["items"][1]["label"], "hi");
  ASSERT_EQ(j["lever_differences"].size(), 10u);
  for (const json& d : j["lever_differences"]) {
    if (d["parameter"] == "merit_base") {
      EXPECT_EQ(d["year"], 2028);
      EXPECT_EQ(d["values"][1], 0.055);
      EXPECT_EQ(d["values"][0], d["values"][2]);
    } else {
      EXPECT_EQ(d["year"], 2029);
      EXPECT_EQ(d["values"][2], 0.012);
    }
  }
  ASSERT_EQ(j["years"].size(), 5u);
  for (const json& y : j["years"]) {
    ASSERT_EQ(y["values"].size(), 3u);
    for (const char* key :
         {"headcount", "avg_fye", "growth", "total_payroll_prorated", "run_rate_payroll_fye"}) {
      EXPECT_EQ(y["deltas"][0][key], 0.0) << key;
      EXPECT_NEAR(y["deltas"][2][key].get<double>(),
                  y["values"][2][key].get<double>() - y["values"][0][key].get<double>(), 1e-6);
    }
    EXPECT_TRUE(y["values"][0].contains("merit"));
  }
  // The 2027 figures agree; hi pays more from 2028, lo grows slower in 2029.
  EXPECT_EQ(j["years"][2]["deltas"][1]["avg_fye"], 0.0);
  EXPECT_GT(j["years"][3]["deltas"][1]["avg_fye"].get<double>(), 0.0);
  EXPECT_LT(j["years"][4]["deltas"][2]["growth"].get<double>(), 0.0);
  EXPECT_EQ(j["mean_growth"].size(), 3u);
  EXPECT_EQ(j["final_headcount"].size(), 3u);

  auto csv = c.Get("/api/compare.csv?scenarios=default,hi,lo");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv->body.substr(0, csv->body.find('\n')),
            "year,item,label,scenario,run_id,simulated,what_if,headcount,avg_fye,growth,"
            "total_payroll_prorated,run_rate_payroll_fye,merit,cola,promotion,new_hire_premium,"
            "delta_headcount,delta_avg_fye,delta_growth,delta_total_payroll_prorated,"
            "delta_run_rate_payroll_fye,delta_merit,delta_cola,delta_promotion,"
            "delta_new_hire_premium");
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 1 + 5 * 3);
}

TEST_F(CompareApi, UsesTheLatestStoredRunAndComparesRuns) {
  auto c = server_.client();
  const json a = run_to_end(c, R"({"scenario":"hi"})");
  const json b = run_to_end(c, R"({"scenario":"lo"})");
  ASSERT_EQ(b["status"], "done");
  const json j = compare_body(c.Get("/api/compare?scenarios=hi,lo,default"));
  EXPECT_EQ(j["items"][0]["run_id"], a["run_id"]);
  EXPECT_EQ(j["items"][0]["simulated"], false);
  EXPECT_EQ(j["items"][2]["simulated"], true);
  const std::string runs = a["run_id"].get<std::string>() + "," + b["run_id"].get<std::string>();
  const json by_runs = compare_body(c.Get("/api/compare?runs=" + runs));
  ASSERT_EQ(by_runs["items"].size(), 2u) << by_runs.dump();
  EXPECT_EQ(by_runs["items"][1]["run_id"], b["run_id"]);
  EXPECT_EQ(by_runs["lever_differences"].size(), 10u);
}

TEST_F(CompareApi, BadInputIsA400Or404NamingTheField) {
  auto c = server_.client();
  expect_compare_error(c.Get("/api/compare?scenarios=default"), 400, "scenarios", "2 to 4");
  expect_compare_error(c.Get("/api/compare?scenarios=default,hi,lo,default,hi"), 400, "scenarios");
  expect_compare_error(c.Get("/api/compare"), 400, "scenarios");
  expect_compare_error(c.Get("/api/compare?scenarios=default,nope"), 404, "scenarios", "nope");
  expect_compare_error(c.Get("/api/compare.csv?runs=run_a,run_b"), 404, "runs", "run_a");
  expect_compare_error(c.Get("/api/compare?runs=run_a"), 400, "runs");
}

}  // namespace
}  // namespace planwise::server
