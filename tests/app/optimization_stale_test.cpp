// Issue 15 item 4: an optimization's "the scenario changed while it ran"
// check is made inside the transaction that writes its result. A lever
// write made while the optimizer evaluates is never overwritten: the record
// is stored, unapplied, saying which cells changed and who changed them.
#include <gtest/gtest.h>

#include "app/lever_commands_fixture.hpp"
#include "app/optimize.hpp"
#include "levers/audit_trail.hpp"

namespace planwise::app::testing {
namespace {

TEST(OptimizationStale, AWriteDuringTheSearchIsKeptAndTheResultIsNotWritten) {
  TempDir dir;
  use_seeded_db(dir);
  const std::string db = (dir / "levers.duckdb").string();
  // The bundled headline, then a target one point below it (as optimize_test).
  OptimizeRequest probe;
  probe.inputs.data_dir = test::data_dir();
  probe.algorithm = "s045";
  probe.target = 0.05;
  probe.tolerance = 0.05;
  probe.max_iterations = 1;
  probe.dry_run = true;
  probe.sensitivity = false;
  probe.spread_seeds = 0;
  probe.db_path.reset();
  auto headline = optimize(probe, {});
  ASSERT_TRUE(headline.ok()) << headline.error().to_string_all();

  OptimizeRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = db;
  r.algorithm = "brent";
  r.target = headline->outcome.initial->metrics.growth - 0.01;
  r.tolerance = 0.0001;
  r.spread_seeds = 0;  // no seed band or sensitivity: only the search and its write
  r.sensitivity = false;
  r.actor = "ana";
  bool wrote = false;
  OptimizeCallbacks cb;
  cb.on_evaluation = [&](const OptimizeProgress&) {
    if (wrote) return;
    wrote = true;
    // Bob saves every unlocked merit cell while the search runs.
    SetLeversRequest bob;
    bob.target.inputs.data_dir = test::data_dir();
    bob.target.db_path = db;
    bob.assignments = {"merit_base=0.0123"};
    bob.reason = "meanwhile";
    bob.actor = "bob";
    auto saved = set_levers(bob);
    ASSERT_TRUE(saved.ok()) << saved.error().to_string_all();
    ASSERT_FALSE(saved->plan.changes.empty());
  };
  auto out = optimize(r, cb);
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  ASSERT_TRUE(wrote);
  ASSERT_EQ(out->record.run.status, "converged") << out->record.run.message;
  EXPECT_TRUE(out->stored);
  EXPECT_FALSE(out->record.run.applied);
  const std::string& note = out->record.run.apply_note;
  EXPECT_NE(note.find("changed while the optimizer ran: nothing was written"), std::string::npos)
      << note;
  EXPECT_NE(note.find("merit_base: 0.0123 now"), std::string::npos) << note;
  EXPECT_NE(note.find("changed by bob"), std::string::npos) << note;

  // Bob's values stand; no change of the optimization's is in the audit.
  const StoreState after = state_of(db, {"default"});
  for (const store::AuditRow& a : after.audit) {
    if (a.event_type == levers::kParameterChange) EXPECT_EQ(a.actor, "bob") << a.reason;
  }
  auto verified = verify_audit_log(db);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact);
}

}  // namespace
}  // namespace planwise::app::testing
