// Issue 15 item 4 through the API: a lever save carries the value each cell
// had when the client read it ("expected"); a save over a cell changed since
// is 409 stale_write naming the cell, its value now and who changed it; a
// save while another write holds the database past the bounded wait is 409
// write_busy with Retry-After.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>

#include "api/admin_service_fixture.hpp"
#include "store/database.hpp"
#include "store/write_turn.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;
using testing::AdminServiceTest;

class LeverCasRoutes : public AdminServiceTest {
 protected:
  LeverCasRoutes() : AdminServiceTest("cas.duckdb") {}
  double value_of(const std::string& parameter, int year, int level) {
    const json grid = json::parse(call("GET", "/api/levers").body);
    for (const json& c : grid["cells"]) {
      if (c["parameter"] == parameter && c["year"] == year && c["level"] == level)
        return c["value"].get<double>();
    }
    ADD_FAILURE() << "no cell " << parameter;
    return -1.0;
  }
  static std::string save(double value, std::optional<double> expected, const std::string& reason) {
    json cell = {{"parameter", "merit_base"}, {"year", 2027}, {"level", 2}, {"value", value}};
    if (expected) cell["expected"] = *expected;
    return json{{"reason", reason}, {"cells", json::array({cell})}}.dump();
  }
};

TEST_F(LeverCasRoutes, ASaveWithoutExpectedValuesIsRefusedNamingTheField) {
  expect_error(call("PUT", "/api/levers", save(0.041, std::nullopt, "FY27")), 400, "invalid_input",
               "cells[0].expected");
  // A preview writes nothing and needs none.
  json preview = json::parse(save(0.041, std::nullopt, "FY27"));
  preview["dry_run"] = true;
  EXPECT_EQ(call("PUT", "/api/levers", preview.dump()).status, 200);
}

TEST_F(LeverCasRoutes, ASaveOverACellChangedSinceItWasReadIsA409NamingTheCellAndWho) {
  const double seen = value_of("merit_base", 2027, 2);
  // Another user saves the cell first, from the same reading.
  const Response first = call("PUT", "/api/levers", save(0.041, seen, "first"));
  ASSERT_EQ(first.status, 200) << first.body;
  const Response late = call("PUT", "/api/levers", save(0.05, seen, "late"));
  expect_error(late, 409, "stale_write", "cells");
  const std::string detail = json::parse(late.body)["detail"];
  EXPECT_NE(detail.find("scenario default, 2027 level 2, merit_base: 0.041 now (planned from "),
            std::string::npos)
      << detail;
  EXPECT_NE(detail.find("changed by admin"), std::string::npos) << detail;
  EXPECT_NE(detail.find("\"first\""), std::string::npos) << detail;
  EXPECT_EQ(value_of("merit_base", 2027, 2), 0.041);
  // Read again, save again: accepted.
  EXPECT_EQ(call("PUT", "/api/levers", save(0.05, 0.041, "again")).status, 200);
  EXPECT_EQ(value_of("merit_base", 2027, 2), 0.05);
}

TEST_F(LeverCasRoutes, ASaveWhileAnotherWriteHoldsTheDatabaseIsA409WithRetryAfter) {
  const double seen = value_of("merit_base", 2027, 2);
  const std::chrono::milliseconds saved = store::write_wait();
  store::set_write_wait(std::chrono::milliseconds(100));
  auto holder = store::Database::open((dir_ / "cas.duckdb").string(), store::OpenMode::kReadWrite);
  ASSERT_TRUE(holder.ok()) << holder.error().to_string();
  ASSERT_TRUE((*holder)->begin_transaction().ok());
  const Response busy = call("PUT", "/api/levers", save(0.041, seen, "busy"));
  const Response lock =
      call("POST", "/api/levers/lock", R"({"parameter":"merit_base","year":2027,"reason":"x"})");
  (*holder)->rollback();
  store::set_write_wait(saved);
  expect_error(busy, 409, "write_busy", "");
  bool retry_after = false;
  for (const auto& [name, value] : busy.headers)
    retry_after |= name == "Retry-After" && value == "1";
  EXPECT_TRUE(retry_after) << busy.body;
  expect_error(lock, 409, "write_busy", "");
  EXPECT_EQ(value_of("merit_base", 2027, 2), seen) << "nothing was written";
  EXPECT_EQ(call("PUT", "/api/levers", save(0.041, seen, "later")).status, 200);
}

}  // namespace
}  // namespace planwise::api
