// Issue 10 items 1, 3, 4, 6 over HTTP (docs/api.md "Scenarios"): the
// scenario list's shape with target, caps and last run; copy vs inherit;
// rename, archive, delete with reasons; targets and caps validated naming
// the field; the unlocked-past confirmation of PUT /api/levers.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "server/test_server.hpp"

namespace planwise::server {
namespace {

using nlohmann::json;
using test_support::TestServer;

json scenario_body(const httplib::Result& r, int status = 200) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return json();
  EXPECT_EQ(r->status, status) << r->body;
  return json::parse(r->body);
}

constexpr auto* expect_scenario_error = &test_support::expect_api_error;

httplib::Result post(httplib::Client& c, const std::string& path, const json& body) {
  return c.Post(path, body.dump(), "application/json");
}
httplib::Result put(httplib::Client& c, const std::string& path, const json& body) {
  return c.Put(path, body.dump(), "application/json");
}

const json* find_scenario(const json& list, const std::string& id) {
  for (const json& s : list["scenarios"]) {
    if (s["scenario_id"] == id) return &s;
  }
  return nullptr;
}

double cell_value(httplib::Client& c, const std::string& scenario, const std::string& parameter,
                  int year, int level) {
  const json grid = scenario_body(c.Get(("/api/levers?scenario=" + scenario).c_str()));
  for (const json& cell : grid["cells"]) {
    if (cell["parameter"] == parameter && cell["year"] == year && cell["level"] == level)
      return cell["value"];
  }
  ADD_FAILURE() << "no cell";
  return -1;
}

TEST(ScenarioApi, CopyKeepsValuesAndLocksWhileInheritFollowsTheBase) {
  TestServer s;
  auto c = s.client();
  expect_scenario_error(post(c, "/api/scenarios", {{"name", "plan"}, {"from", "default"}}), 400,
                        "invalid_input", "reason");
  scenario_body(
      post(c, "/api/scenarios",
           {{"name", "plan"}, {"from", "default"}, {"reason", "FY26"}, {"description", "d"}}),
      201);
  scenario_body(post(c, "/api/scenarios",
                     {{"name", "linked"}, {"from", "plan"}, {"reason", "try"}, {"inherit", true}}),
                201);
  const json list = scenario_body(c.Get("/api/scenarios"));
  ASSERT_EQ(list["scenarios"].size(), 3u);
  const json& plan = *find_scenario(list, "plan");
  EXPECT_EQ(plan["base"], "default");
  EXPECT_EQ(plan["inherits"], false);
  EXPECT_EQ(plan["archived"], false);
  EXPECT_EQ(plan["stored_cells"], 125);
  EXPECT_EQ(plan["locked_cells"], 25) << "the bundled 2025 locks come with the copy";
  EXPECT_EQ(plan["target"], json({{"growth", 0.02}, {"tolerance", 0.001}, {"metric", "mean"}}));
  EXPECT_EQ(plan["budget_caps"], json::array());
  EXPECT_TRUE(plan["last_run"].is_null());
  EXPECT_EQ(plan["created_by"], "admin");
  const json& linked = *find_scenario(list, "linked");
  EXPECT_EQ(linked["base"], "plan");
  EXPECT_EQ(linked["inherits"], true);
  EXPECT_EQ(linked["stored_cells"], 0);

  // The copy's 2025 is locked like the default's; later edits of plan show
  // through linked only.
  const json grid = scenario_body(c.Get("/api/levers?scenario=plan"));
  for (const json& cell : grid["cells"])
    EXPECT_EQ(cell["locked"], cell["year"] == 2025) << cell.dump();
  scenario_body(put(c, "/api/levers",
                    {{"scenario", "plan"},
                     {"reason", "raise"},
                     {"cells",
                      {{{"parameter", "merit_base"},
                        {"year", 2028},
                        {"level", 2},
                        {"value", 0.041},
                        {"expected", cell_value(c, "plan", "merit_base", 2028, 2)}}}}}));
  EXPECT_DOUBLE_EQ(cell_value(c, "linked", "merit_base", 2028, 2), 0.041);
  scenario_body(put(c, "/api/levers",
                    {{"scenario", "default"},
                     {"reason", "raise"},
                     {"cells",
                      {{{"parameter", "merit_base"},
                        {"year", 2028},
                        {"level", 3},
                        {"value", 0.039},
                        {"expected", cell_value(c, "default", "merit_base", 2028, 3)}}}}}));
  EXPECT_NE(cell_value(c, "plan", "merit_base", 2028, 3), 0.039) << "a copy is not linked";
}

TEST(ScenarioApi, RenameArchiveAndDeleteNeedAReasonAndAreAudited) {
  TestServer s;
  auto c = s.client();
  scenario_body(post(c, "/api/scenarios", {{"name", "a"}, {"reason", "new"}}), 201);
  expect_scenario_error(post(c, "/api/scenarios/a/rename", {{"to", "b"}}), 400, "invalid_input",
                        "reason");
  expect_scenario_error(post(c, "/api/scenarios/a/rename", {{"reason", "x"}}), 400, "invalid_input",
                        "to");
  expect_scenario_error(post(c, "/api/scenarios/a/rename", {{"to", "two words"}, {"reason", "x"}}),
                        400, "invalid_input", "to");
  expect_scenario_error(post(c, "/api/scenarios", {{"name", "b/c"}, {"reason", "x"}}), 400,
                        "invalid_input", "name");
  const json renamed =
      scenario_body(post(c, "/api/scenarios/a/rename", {{"to", "b"}, {"reason", "tidy"}}));
  EXPECT_EQ(renamed["scenario_id"], "b");
  expect_scenario_error(c.Get("/api/scenarios/a"), 404, "not_found", "");

  const json archived =
      scenario_body(post(c, "/api/scenarios/b/archive", {{"archived", true}, {"reason", "old"}}));
  EXPECT_EQ(archived["archived"], true);
  EXPECT_EQ(find_scenario(scenario_body(c.Get("/api/scenarios")), "b"), nullptr);
  ASSERT_NE(find_scenario(scenario_body(c.Get("/api/scenarios?archived=1")), "b"), nullptr);
  expect_scenario_error(
      put(c, "/api/levers",
          {{"scenario", "b"},
           {"reason", "x"},
           {"cells",
            {{{"parameter", "merit_base"},
              {"year", 2028},
              {"level", 2},
              {"value", 0.041},
              {"expected", 0.03}}}}}),  // an archived scenario is refused before any value check
      409, "conflict", "");
  scenario_body(post(c, "/api/scenarios/b/archive", {{"archived", false}, {"reason", "back"}}));
  ASSERT_NE(find_scenario(scenario_body(c.Get("/api/scenarios")), "b"), nullptr);

  auto no_reason = c.Delete("/api/scenarios/b");
  expect_scenario_error(no_reason, 400, "invalid_input", "reason");
  // b has audit entries (created, renamed, archived): deleting would orphan them.
  expect_scenario_error(c.Delete("/api/scenarios/b?reason=gone"), 409, "conflict", "");
  // Named only by its creation: deleted, the reason from the body.
  scenario_body(post(c, "/api/scenarios", {{"name", "scratch"}, {"reason", "tmp"}}), 201);
  EXPECT_EQ(
      scenario_body(c.Delete("/api/scenarios/scratch", R"({"reason":"done"})", "application/json")),
      json({{"deleted", "scratch"}}));
  expect_scenario_error(c.Get("/api/scenarios/scratch"), 404, "not_found", "");
  const json deleted = scenario_body(c.Get("/api/audit?scenario=scratch"));
  EXPECT_EQ(deleted["entries"].back()["event_type"], "SCENARIO_DELETED");
  EXPECT_EQ(deleted["entries"].back()["reason"], "done");

  const json audit = scenario_body(c.Get("/api/audit?scenario=b"));
  std::vector<std::pair<std::string, std::string>> seen;
  for (const json& e : audit["entries"]) seen.push_back({e["event_type"], e["reason"]});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"SCENARIO_RENAMED", "tidy"}, {"SCENARIO_ARCHIVED", "old"}, {"SCENARIO_UNARCHIVED", "back"}};
  EXPECT_EQ(seen, expected);
}

TEST(ScenarioApi, TargetAndBudgetAreStoredValidatedAndDriveConfigAndHeadline) {
  TestServer s;
  auto c = s.client();
  scenario_body(post(c, "/api/scenarios", {{"name", "t"}, {"reason", "new"}}), 201);
  const json set = scenario_body(
      put(c, "/api/scenarios/t/target",
          {{"growth", 0.03}, {"tolerance", 0.002}, {"metric", "final"}, {"reason", "board"}}));
  EXPECT_EQ(set["target"], json({{"growth", 0.03}, {"tolerance", 0.002}, {"metric", "final"}}));
  expect_scenario_error(put(c, "/api/scenarios/t/target", {{"growth", 0.7}, {"reason", "x"}}), 400,
                        "invalid_input", "growth");
  expect_scenario_error(put(c, "/api/scenarios/t/target", {{"metric", "median"}, {"reason", "x"}}),
                        400, "invalid_input", "metric");
  expect_scenario_error(put(c, "/api/scenarios/t/target", {{"growth", 0.01}}), 400, "invalid_input",
                        "reason");
  expect_scenario_error(put(c, "/api/scenarios/nope/target", {{"growth", 0.01}, {"reason", "x"}}),
                        404, "not_found", "");

  const json caps = scenario_body(put(c, "/api/scenarios/t/budget",
                                      {{"caps",
                                        {{{"year", 2026}, {"pool", "merit"}, {"amount", 75e6}},
                                         {{"year", 2026}, {"pool", "total"}, {"amount", 2.6e9}}}},
                                       {"reason", "committee"}}));
  ASSERT_EQ(caps["budget_caps"].size(), 2u);
  EXPECT_EQ(caps["budget_caps"][0], json({{"year", 2026}, {"pool", "merit"}, {"amount", 75e6}}));
  auto bad_cap = [&](const json& cap, const std::string& field) {
    expect_scenario_error(put(c, "/api/scenarios/t/budget", {{"caps", {cap}}, {"reason", "x"}}),
                          400, "invalid_input", field);
  };
  bad_cap({{"year", 2026}, {"pool", "merit"}, {"amount", -5}}, "amount");
  bad_cap({{"year", 2026}, {"pool", "bonus"}, {"amount", 5}}, "pool");
  bad_cap({{"year", 2040}, {"pool", "cola"}, {"amount", 5}}, "year");
  bad_cap({{"pool", "cola"}, {"amount", 5}}, "year");
  expect_scenario_error(put(c, "/api/scenarios/t/budget", {{"reason", "x"}}), 400, "invalid_input",
                        "caps");
  EXPECT_EQ(scenario_body(c.Get("/api/scenarios/t"))["budget_caps"].size(), 2u)
      << "nothing written";

  // A copy takes both.
  scenario_body(post(c, "/api/scenarios", {{"name", "t2"}, {"from", "t"}, {"reason", "copy"}}),
                201);
  const json t2 = scenario_body(c.Get("/api/scenarios/t2"));
  EXPECT_EQ(t2["target"]["metric"], "final");
  EXPECT_EQ(t2["budget_caps"].size(), 2u);

  // /api/config reports the default scenario's target; the headline uses
  // the scenario's metric when none is asked for.
  scenario_body(put(c, "/api/scenarios/default/target",
                    {{"growth", 0.025}, {"tolerance", 0.0015}, {"reason", "plan"}}));
  const json cfg = scenario_body(c.Get("/api/config"));
  EXPECT_EQ(cfg["target_growth"], 0.025);
  EXPECT_EQ(cfg["tolerance"], 0.0015);
  EXPECT_EQ(cfg["target_metric"], "mean");
  const json h = scenario_body(c.Get("/api/headline?scenario=t"));
  EXPECT_EQ(h["metric"], "final");
  EXPECT_EQ(h["target"]["growth"], 0.03);
  EXPECT_DOUBLE_EQ(h["growth"].get<double>(), h["growth_by_year"].back().get<double>());
  EXPECT_EQ(scenario_body(c.Get("/api/headline?scenario=t&metric=mean"))["metric"], "mean");
}

// Issue 10 item 6: the current year is read from the clock; the lever years
// start at 2025, so 2025 is always a past plan year.
TEST(ScenarioApi, SavingIntoAnUnlockedPastYearNeedsConfirmation) {
  TestServer s;
  auto c = s.client();
  scenario_body(post(c, "/api/scenarios",
                     {{"name", "free"}, {"from", "default"}, {"inherit", true}, {"reason", "x"}}),
                201);
  const json edit = {
      {"scenario", "free"},
      {"reason", "rebase"},
      {"cells", {{{"parameter", "merit_base"}, {"year", 2025}, {"level", 1}, {"value", 0.031}}}}};
  expect_scenario_error(put(c, "/api/levers", edit), 409, "confirmation_required", "confirm");
  EXPECT_NE(cell_value(c, "free", "merit_base", 2025, 1), 0.031) << "nothing written";
  json confirmed = edit;
  confirmed["confirm"] = true;
  confirmed["cells"][0]["expected"] = cell_value(c, "free", "merit_base", 2025, 1);
  EXPECT_TRUE(scenario_body(put(c, "/api/levers", confirmed))["written"].get<bool>());
  EXPECT_DOUBLE_EQ(cell_value(c, "free", "merit_base", 2025, 1), 0.031);
  // A preview is not a save: no confirmation needed.
  json preview = edit;
  preview["dry_run"] = true;
  scenario_body(put(c, "/api/levers", preview));
  // A scenario locking its past (the default, 2025) is not asked.
  json on_default = edit;
  on_default["scenario"] = "default";
  on_default["cells"][0]["year"] = 2026;
  on_default["cells"][0]["expected"] = cell_value(c, "default", "merit_base", 2026, 1);
  EXPECT_TRUE(scenario_body(put(c, "/api/levers", on_default))["written"].get<bool>());
}

TEST(ScenarioApi, ListShowsTheHeadlineOfTheLatestRun) {
  TestServer s;
  auto c = s.client();
  auto started = c.Post("/api/runs", R"({"scenario":"default","seed":3})", "application/json");
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string id = json::parse(started->body)["run_id"];
  json run;
  for (int i = 0; i < 600; ++i) {
    run = scenario_body(c.Get(("/api/runs/" + id).c_str()));
    if (run["status"] != "queued" && run["status"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(run["status"], "done") << run.dump();
  const json list = scenario_body(c.Get("/api/scenarios"));
  const json& def = *find_scenario(list, "default");
  const json& last = def["last_run"];
  ASSERT_TRUE(last.is_object()) << def.dump();
  EXPECT_EQ(last["run_id"], id);
  EXPECT_EQ(last["what_if"], false);
  const json& years = run["summary"]["years"];
  double sum = 0;
  for (const json& y : years) sum += y["avg_comp_growth"].get<double>();
  EXPECT_NEAR(last["mean_growth"].get<double>(), sum / static_cast<double>(years.size()), 1e-12);
  EXPECT_EQ(last["final_headcount"], years.back()["end_active"]);
  // Run-rate payroll: the final year's actives times their average FYE pay.
  const double expected =
      years.back()["end_active"].get<double>() * years.back()["avg_comp_fye"].get<double>();
  EXPECT_NEAR(last["run_rate_payroll_fye"].get<double>(), expected, 0.01 * expected / 1e4);
}

}  // namespace
}  // namespace planwise::server
