// Issue 11 item 2: into a published scenario the optimizer proposes; its
// accept makes a change request instead of writing the plan, and a writing
// run writes nothing.
#include <gtest/gtest.h>

#include "app/governance.hpp"
#include "app/lever_commands_fixture.hpp"
#include "app/optimization_accept.hpp"
#include "app/optimize.hpp"

namespace planwise::app::testing {
namespace {

OptimizeRequest brent_to(const TempDir& dir, double target, bool dry_run) {
  OptimizeRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "levers.duckdb").string();
  r.algorithm = "brent";
  r.target = target;
  r.tolerance = 0.001;
  r.spread_seeds = 0;
  r.sensitivity = false;
  r.dry_run = dry_run;
  r.budget_evaluations = 40;
  r.actor = "ana";
  return r;
}

// Publishes one small change, so the default scenario is governed.
void publish_default(const LeverTarget& t) {
  CreateRequest r;
  r.target = t;
  r.assignments = {"cola_rate=0.021"};
  r.where = where("2029");
  r.justification = "inflation outlook";
  r.actor = {"ana", Role::kAnalyst};
  r.submit = true;
  auto cr = create_request(r);
  ASSERT_TRUE(cr.ok()) << cr.error().to_string_all();
  const std::string id = cr->request.row.request_id;
  ASSERT_TRUE(approve_request(t, id, {"bob", Role::kApprover}, "").ok());
  ASSERT_TRUE(publish_request(t, id, {"bob", Role::kApprover}).ok());
}

TEST(GovernedOptimization, AcceptIntoAPublishedScenarioMakesARequestAndWritesNoLever) {
  TempDir dir;
  use_seeded_db(dir);
  const LeverTarget t = target_in(dir);
  publish_default(t);
  StoreState published = state_of(t.db_path, {"default"});

  // A writing run only proposes.
  auto writing = optimize(brent_to(dir, 0.05, false), {});
  ASSERT_TRUE(writing.ok()) << writing.error().to_string_all();
  EXPECT_FALSE(writing->record.run.applied);
  EXPECT_NE(writing->record.run.apply_note.find("is published"), std::string::npos)
      << writing->record.run.apply_note;
  expect_same_cells(state_of(t.db_path, {"default"}).cells["default"],
                    published.cells.at("default"));

  auto accepted = accept_optimization(t.inputs, t.db_path, writing->record.run.opt_run_id, "ana",
                                      {"hit the growth target", false});
  ASSERT_TRUE(accepted.ok()) << accepted.error().to_string_all();
  ASSERT_TRUE(accepted->request_id.has_value());
  EXPECT_EQ(accepted->request_state, "pending");
  expect_same_cells(state_of(t.db_path, {"default"}).cells["default"],
                    published.cells.at("default"));

  auto request = show_request(t, *accepted->request_id);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->request.row.kind, "optimization");
  EXPECT_EQ(request->request.row.optimization_run_id, writing->record.run.opt_run_id);
  EXPECT_EQ(request->request.row.justification, "hit the growth target");
  EXPECT_EQ(request->request.cells.size(), accepted->changes.size());
  // Accepting twice is refused: the proposal became that request.
  EXPECT_FALSE(accept_optimization(t.inputs, t.db_path, writing->record.run.opt_run_id, "ana",
                                   {"again", false})
                   .ok());
}

}  // namespace
}  // namespace planwise::app::testing
