// Issue 12 routes through api::Service::handle: ensembles, paired
// comparisons, sweeps and the Impact tab's paired band; the forms "seeds"
// takes, the errors naming the field at fault, and who may store an
// ensemble. Short horizons (2025-2026) keep the simulations few.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "admin_service_fixture.hpp"
#include "api/routes.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

class EnsembleRoutes : public testing::AdminServiceTest {
 protected:
  EnsembleRoutes() : AdminServiceTest("ensembles.duckdb") {}
  // POST `path` ("/api/ensembles?per_seed=1": the query as the server parses it).
  json ok(const std::string& path, const json& body, int status = 200) {
    const std::size_t q = path.find('?');
    Request request = testing::admin_request("POST", path.substr(0, q), body.dump());
    if (q != std::string::npos) {
      const std::string pair = path.substr(q + 1);
      request.query[pair.substr(0, pair.find('='))] = pair.substr(pair.find('=') + 1);
    }
    const Response r = service_->handle(request);
    EXPECT_EQ(r.status, status) << path << " " << body.dump() << ": " << r.body;
    return r.status == status ? json::parse(r.body) : json::object();
  }
  void refused(const std::string& path, const json& body, const std::string& field) {
    expect_error(call("POST", path, body.dump()), 400, "invalid_input", field);
  }
};

const json kShort = {{"end_year", 2026}};

json with(json body, const json& more) {
  body.update(more);
  return body;
}

// Merit +0.5 pt on every level of 2026 over the bundled levers (2025 is
// locked in data/seeds/comp_levers.csv).
json merit_raise() {
  json cells = json::array();
  const double bundled[] = {0.040374, 0.030340, 0.025306, 0.020272, 0.020238};
  for (int level = 1; level <= 5; ++level) {
    cells.push_back({{"parameter", "merit_base"},
                     {"year", 2026},
                     {"level", level},
                     {"value", bundled[level - 1] + 0.005}});
  }
  return cells;
}

std::vector<std::uint64_t> seeds_of(const json& j) {
  return j["seeds"].get<std::vector<std::uint64_t>>();
}

TEST(EnsembleRouteRights, PreviewsNeedReadAndTheRouteChecksStoring) {
  EXPECT_EQ(route_right("POST", {"api", "ensembles"}), app::Right::kRead);
  EXPECT_EQ(route_right("GET", {"api", "ensembles"}), app::Right::kRead);
  EXPECT_EQ(route_right("POST", {"api", "sweep"}), app::Right::kRead);
  EXPECT_EQ(route_right("POST", {"api", "compare", "paired"}), app::Right::kRead);
}

TEST_F(EnsembleRoutes, PreviewCountsSeedsFromTheConfiguredSeedAndStoresNothing) {
  const json e = ok("/api/ensembles", with(kShort, {{"seeds", 12}}));
  EXPECT_EQ(e["seed_count"], 12);
  const std::vector<std::uint64_t> seeds = seeds_of(e);
  ASSERT_EQ(seeds.size(), 12u);
  EXPECT_EQ(seeds.front(), 42u);  // data/simulation_config.yaml random_seed
  EXPECT_EQ(seeds.back(), 53u);
  EXPECT_TRUE(e["ensemble_id"].is_null()) << e["ensemble_id"];
  EXPECT_FALSE(e.contains("per_seed")) << "per_seed only on ?per_seed=1";
  EXPECT_EQ(e["headline"]["band"]["n"], 12);
  EXPECT_TRUE(e["thin_sample_warning"].is_null());
  ASSERT_EQ(e["years"].size(), 2u);
  EXPECT_EQ(e["years"][0]["metrics"]["headcount"]["n"], 12);
}

TEST_F(EnsembleRoutes, PerSeedRowsGiveTheHeadlineMedianTheBandReports) {
  const json e = ok("/api/ensembles?per_seed=1", with(kShort, {{"seeds", 11}}));
  ASSERT_EQ(e["per_seed"].size(), 11u);
  std::vector<double> headline;
  for (const json& s : e["per_seed"]) headline.push_back(s["headline"].get<double>());
  std::sort(headline.begin(), headline.end());
  // 11 values: the type-7 median is the 6th.
  EXPECT_DOUBLE_EQ(e["headline"]["band"]["p50"].get<double>(), headline[5]);
  EXPECT_DOUBLE_EQ(e["headline"]["band"]["min"].get<double>(), headline.front());
  EXPECT_DOUBLE_EQ(e["headline"]["band"]["max"].get<double>(), headline.back());
}

TEST_F(EnsembleRoutes, StoredEnsembleIsListedAndReadBackWithTheSameBands) {
  const json made = ok("/api/ensembles", with(kShort, {{"seeds", 10}, {"store", true}}), 201);
  ASSERT_TRUE(made["ensemble_id"].is_string()) << made.dump();
  const std::string id = made["ensemble_id"];
  const Response listed = call("GET", "/api/ensembles");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json list = json::parse(listed.body)["ensembles"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["ensemble_id"], id);
  EXPECT_EQ(list[0]["seed_list"], "42..51");
  const Response shown = call("GET", "/api/ensembles/" + id);
  ASSERT_EQ(shown.status, 200) << shown.body;
  const json back = json::parse(shown.body);
  EXPECT_EQ(back["headline"]["band"], made["headline"]["band"]);
  EXPECT_EQ(back["years"], made["years"]);
  EXPECT_FALSE(back.contains("per_seed"));
  expect_error(call("GET", "/api/ensembles/ens_missing"), 404, "not_found", "id");
}

TEST_F(EnsembleRoutes, SeedsTakeACountARangeOrAList) {
  EXPECT_EQ(seeds_of(ok("/api/ensembles", with(kShort, {{"seeds", "100..103"}}))),
            (std::vector<std::uint64_t>{100, 101, 102, 103}));
  EXPECT_EQ(seeds_of(ok("/api/ensembles", with(kShort, {{"seeds", json::array({1, 5, 9})}}))),
            (std::vector<std::uint64_t>{1, 5, 9}));
  EXPECT_EQ(seeds_of(ok("/api/ensembles", with(kShort, {{"seeds", "9,5,1"}}))),
            (std::vector<std::uint64_t>{9, 5, 1}));
  EXPECT_EQ(seeds_of(ok("/api/ensembles", with(kShort, {{"seeds", "3"}}))),
            (std::vector<std::uint64_t>{42, 43, 44}));
}

TEST_F(EnsembleRoutes, ThinSampleWarningBelowTenSeedsOnly) {
  const json five = ok("/api/ensembles", with(kShort, {{"seeds", 5}}));
  ASSERT_TRUE(five["thin_sample_warning"].is_string()) << five["thin_sample_warning"];
  EXPECT_NE(five["thin_sample_warning"].get<std::string>().find('5'), std::string::npos);
  EXPECT_TRUE(ok("/api/ensembles", with(kShort, {{"seeds", 10}}))["thin_sample_warning"].is_null());
}

TEST_F(EnsembleRoutes, BadEnsembleInputNamesTheField) {
  const std::string e = "/api/ensembles";
  refused(e, kShort, "seeds");
  refused(e, with(kShort, {{"seeds", 0}}), "seeds");
  refused(e, with(kShort, {{"seeds", "ten"}}), "seeds");
  refused(e, with(kShort, {{"seeds", json::array({1, 1})}}), "seeds");
  refused(e, with(kShort, {{"seeds", json::array()}}), "seeds");
  refused(e, with(kShort, {{"seeds", json::array({3, -1})}}), "seeds[1]");
  refused(e, with(kShort, {{"seeds", true}}), "seeds");
  refused(e, with(kShort, {{"seeds", 1000000}}), "seeds");
  refused(e, with(kShort, {{"seeds", 5}, {"keep_rows_seed", 42}}), "keep_rows_seed");
  refused(e, with(kShort, {{"seeds", 5}, {"budget", "lots"}}), "budget");
  refused(e, with(kShort, {{"seeds", 5}, {"attribute", 1}}), "attribute");
  refused(e, with(kShort, {{"seeds", 5}, {"target", {{"tolerance", 0.001}}}}), "target.growth");
  refused(e, with(kShort, {{"seeds", 5}, {"cells", json::array({{{"year", 2025}}})}}),
          "cells[0].parameter");
  refused(e, {{"seeds", 5}, {"start_year", 2027}, {"end_year", 2026}}, "end_year");
  expect_error(call("POST", e, with(kShort, {{"seeds", 5}, {"scenario", "nope"}}).dump()), 404,
               "not_found", "scenario");
}

TEST_F(EnsembleRoutes, BudgetGivesTheChanceOfExceedingIt) {
  const json e = ok("/api/ensembles", with(kShort, {{"seeds", 10}, {"budget", 1.0}}));
  EXPECT_DOUBLE_EQ(e["headline"]["budget"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(e["headline"]["p_over_budget"].get<double>(), 1.0);
}

TEST_F(EnsembleRoutes, PairedCompareOfIdenticalPlansIsExactlyZero) {
  const json p =
      ok("/api/compare/paired",
         with(kShort,
              {{"a", {{"scenario", "default"}}}, {"b", {{"scenario", "default"}}}, {"seeds", 10}}));
  EXPECT_EQ(p["seed_count"], 10);
  for (const char* key : {"mean", "min", "max"})
    EXPECT_EQ(p["headline"]["diff"][key].get<double>(), 0.0) << key;
  EXPECT_FALSE(p["headline"]["distinguishable"].get<bool>());
}

TEST_F(EnsembleRoutes, PairedCompareSeesAMeritRaise) {
  const json p = ok("/api/compare/paired",
                    with(kShort, {{"a", {{"scenario", "default"}}},
                                  {"b", {{"scenario", "default"}, {"cells", merit_raise()}}},
                                  {"seeds", 10}}));
  EXPECT_GT(p["headline"]["diff_low"].get<double>(), 0.0) << p["headline"].dump();
  EXPECT_TRUE(p["headline"]["distinguishable"].get<bool>());
  EXPECT_EQ(p["single_seed"]["seed"], 42);
}

TEST_F(EnsembleRoutes, BadPairedInputNamesTheSideAndField) {
  const std::string c = "/api/compare/paired";
  const json a = {{"scenario", "default"}};
  refused(c, with(kShort, {{"b", a}, {"seeds", 5}}), "a");
  refused(c, with(kShort, {{"a", a}, {"b", "default"}, {"seeds", 5}}), "b");
  refused(c, with(kShort, {{"a", {{"scenario", 7}}}, {"b", a}, {"seeds", 5}}), "a.scenario");
  refused(c,
          with(kShort,
               {{"a", a},
                {"b",
                 {{"cells",
                   json::array({{{"parameter", "merit_base"}, {"year", 2025}, {"level", 1}}})}}},
                {"seeds", 5}}),
          "b.cells[0].value");
  refused(c, with(kShort, {{"a", a}, {"b", a}}), "seeds");
  // A value outside the lever's hard range, as the app checks it.
  refused(
      c,
      with(
          kShort,
          {{"a", a},
           {"b",
            {{"cells",
              json::array(
                  {{{"parameter", "merit_base"}, {"year", 2026}, {"level", 1}, {"value", 5.0}}})}}},
           {"seeds", 5}}),
      "b.cells[0].value");
}

TEST_F(EnsembleRoutes, OneLeverSweepHasOnePointPerGridValue) {
  const json s =
      ok("/api/sweep",
         with(kShort, {{"axes", json::array({"cola_rate=0.01:0.03:0.01"})}, {"seeds", 3}}));
  ASSERT_EQ(s["axes"].size(), 1u);
  ASSERT_EQ(s["points"].size(), 3u);
  EXPECT_EQ(s["seed_count"], 3);
  EXPECT_TRUE(s["thin_sample_warning"].is_string());
  EXPECT_EQ(s["points"][0]["headline"]["n"], 3);
  // More COLA, more growth.
  EXPECT_LT(s["points"][0]["headline"]["mean"].get<double>(),
            s["points"][2]["headline"]["mean"].get<double>());
}

TEST_F(EnsembleRoutes, TwoLeverSweepCoversTheGrid) {
  const json s = ok("/api/sweep", with(kShort, {{"axes", json::array({"merit_base=0.02:0.04:0.01",
                                                                      "cola_rate=0.01:0.02:0.01"})},
                                                {"seeds", 2}}));
  ASSERT_EQ(s["points"].size(), 6u);
  EXPECT_EQ(s["points"][1]["x"], json::array({0.02, 0.02}));
}

TEST_F(EnsembleRoutes, BadSweepInputNamesTheField) {
  const std::string w = "/api/sweep";
  refused(w, with(kShort, {{"seeds", 2}}), "axes");
  refused(w, with(kShort, {{"axes", json::array()}, {"seeds", 2}}), "axes");
  refused(
      w,
      with(kShort, {{"axes", json::array({"cola_rate=0.01:0.02:0.01", "merit_base=0.02:0.03:0.01",
                                          "cola_rate=0.01:0.02:0.01"})},
                    {"seeds", 2}}),
      "axes");
  refused(w, with(kShort, {{"axes", json::array({"cola_rate"})}, {"seeds", 2}}), "axes[0]");
  refused(w, with(kShort, {{"axes", json::array({"cola_rate=0.01:0.02:0.01", 3})}, {"seeds", 2}}),
          "axes[1]");
  refused(w, with(kShort, {{"axes", json::array({"cola_rate=0.01:0.02:0.01"})}}), "seeds");
  expect_error(call("POST", w,
                    with(kShort, {{"axes", json::array({"cola_rate=0.01:0.02:0.01"})},
                                  {"seeds", 2},
                                  {"scenario", "nope"}})
                        .dump()),
               404, "not_found", "scenario");
}

TEST_F(EnsembleRoutes, ImpactWithSeedsCarriesThePairedBand) {
  const json cells = merit_raise();
  const json plain = ok("/api/impact", {{"cells", cells}});
  EXPECT_FALSE(plain.contains("paired"));
  EXPECT_TRUE(ok("/api/impact", {{"cells", cells}, {"seeds", 1}})["paired"].is_null());
  const json banded = ok("/api/impact", {{"cells", cells}, {"seeds", 12}});
  ASSERT_TRUE(banded["paired"].is_object()) << banded.dump();
  EXPECT_EQ(banded["paired"]["seed_count"], 12);
  EXPECT_TRUE(banded["paired"]["headline"]["distinguishable"].get<bool>());
  // The configured seed's paired difference is the single-seed preview's.
  EXPECT_EQ(banded["paired"]["single_seed"]["seed"], 42);
  refused("/api/impact", {{"cells", cells}, {"seeds", "many"}}, "seeds");
}

// An executive reads (previews) but may not store an ensemble.
TEST(EnsembleRouteRoles, StoringAnEnsembleNeedsTheRunRight) {
  test::TempDir dir;
  ServiceConfig config;
  config.inputs.data_dir = test::data_dir();
  config.db_path = (dir / "roles.duckdb").string();
  config.users = [](std::string_view token) -> std::optional<Identity> {
    if (token == "token-erin-executive-00000000001") return Identity{"erin", app::Role::kExecutive};
    return std::nullopt;
  };
  Service service(config);
  auto as_erin = [&](const json& body) {
    Request r;
    r.method = "POST";
    r.path = "/api/ensembles";
    r.body = body.dump();
    r.authorization = "Bearer token-erin-executive-00000000001";
    return service.handle(r);
  };
  EXPECT_EQ(as_erin(with(kShort, {{"seeds", 3}})).status, 200);
  const Response stored = as_erin(with(kShort, {{"seeds", 3}, {"store", true}}));
  EXPECT_EQ(stored.status, 403) << stored.body;
  EXPECT_EQ(json::parse(stored.body)["field"], "role");
}

}  // namespace
}  // namespace planwise::api
