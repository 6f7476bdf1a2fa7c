// Issue 11 items 1, 2, 8: change requests through their whole life, with the
// published levers and the audit chain checked after every step, and each
// policy refused with its error and nothing written.
#include "app/governance.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/lever_commands_fixture.hpp"
#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::app::testing {
namespace {

const Actor kAna{"ana", Role::kAnalyst};
const Actor kBob{"bob", Role::kApprover};
const Actor kCid{"cid", Role::kApprover};

class GovernanceLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    use_seeded_db(dir_);
    target_ = target_in(dir_);
  }

  Result<RequestView> request(const std::vector<std::string>& assignments, const std::string& year,
                              const std::string& level, bool submit = true,
                              const std::string& justification = "retention at level 3") {
    CreateRequest r;
    r.target = target_;
    r.assignments = assignments;
    r.where = where(year, level);
    r.justification = justification;
    r.actor = kAna;
    r.submit = submit;
    return create_request(r);
  }

  // The effective value of one cell of the default scenario.
  double value(const std::string& parameter, int year, int level) {
    auto view = show_levers(target_);
    EXPECT_TRUE(view.ok()) << view.error().to_string();
    const auto* spec = levers::find_spec(parameter);
    return view->levers.value(spec->param, year, level);
  }

  std::vector<std::string> audit_types() {
    std::vector<std::string> out;
    for (const store::AuditRow& r : state_of(target_.db_path, {}).audit)
      out.push_back(r.event_type);
    return out;
  }

  void expect_chain_intact() {
    auto v = verify_audit_log(target_.db_path);
    ASSERT_TRUE(v.ok()) << v.error().to_string();
    EXPECT_TRUE(v->intact) << v->problem;
  }

  std::string state(const std::string& id) {
    auto v = show_request(target_, id);
    EXPECT_TRUE(v.ok()) << v.error().to_string();
    return v.ok() ? v->request.row.state : "";
  }

  TempDir dir_;
  LeverTarget target_;
};

std::size_t count(const std::vector<std::string>& xs, const std::string& x) {
  return static_cast<std::size_t>(std::count(xs.begin(), xs.end(), x));
}

TEST_F(GovernanceLifecycle, RequestApprovePublishRollBackWithTheChainCheckedAtEachStep) {
  const double before = value("merit_base", 2027, 3);
  auto cr = request({"merit_base=0.045"}, "2027", "3");
  ASSERT_TRUE(cr.ok()) << cr.error().to_string_all();
  const std::string id = cr->request.row.request_id;
  EXPECT_EQ(id, "CR-1");
  EXPECT_EQ(cr->request.row.state, "pending");
  EXPECT_EQ(cr->request.row.requester, "ana");
  ASSERT_EQ(cr->request.cells.size(), 1u);
  EXPECT_EQ(cr->request.cells[0].old_value, before);
  EXPECT_EQ(cr->request.cells[0].new_value, 0.045);
  // Simulated for real: a higher merit costs more from 2027 on, not before.
  ASSERT_EQ(cr->request.years.size(), 5u);
  EXPECT_EQ(cr->request.years[0].cost_proposed, cr->request.years[0].cost_published);
  EXPECT_GT(cr->request.years[2].cost_proposed, cr->request.years[2].cost_published);
  EXPECT_GT(cr->request.row.cost_impact, 0.0);
  EXPECT_GT(cr->request.row.employees_affected, 0);
  EXPECT_GT(cr->request.row.growth_change.value_or(0.0), 0.0);
  EXPECT_FALSE(cr->stale);
  EXPECT_FALSE(cr->risk.factors.empty());
  EXPECT_EQ(cr->request.row.risk_level, governance::risk_level_name(cr->risk.level));
  expect_chain_intact();
  EXPECT_EQ(count(audit_types(), kChangeRequested), 1u);
  EXPECT_EQ(count(audit_types(), kChangeSubmitted), 1u);
  EXPECT_EQ(value("merit_base", 2027, 3), before);  // nothing published yet

  auto approved = approve_request(target_, id, kBob, "within budget");
  ASSERT_TRUE(approved.ok()) << approved.error().to_string();
  EXPECT_EQ(approved->request.row.state, "approved");
  EXPECT_EQ(approved->request.row.decided_by, "bob");
  EXPECT_EQ(value("merit_base", 2027, 3), before);
  expect_chain_intact();

  auto published = publish_request(target_, id, kAna);
  ASSERT_TRUE(published.ok()) << published.error().to_string();
  EXPECT_EQ(published->request.row.state, "published");
  EXPECT_EQ(value("merit_base", 2027, 3), 0.045);
  const StoreState s = state_of(target_.db_path, {});
  const store::AuditRow& change = s.audit[s.audit.size() - 2];
  EXPECT_EQ(change.event_type, levers::kParameterChange);
  EXPECT_EQ(change.reason, "CR-1: retention at level 3");
  EXPECT_EQ(change.old_value, before);
  EXPECT_EQ(change.new_value, 0.045);
  EXPECT_EQ(s.audit.back().event_type, kScenarioPublished);
  expect_chain_intact();
  auto governed = scenario_governance(target_);
  ASSERT_TRUE(governed.ok());
  EXPECT_TRUE(governed->published);
  EXPECT_EQ(governed->row.published_request, "CR-1");

  // The published plan changes through requests only.
  const std::size_t entries = s.audit.size();
  auto direct = set(target_, {"merit_base=0.05"}, where("2028", "2"));
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().rule, "approval_required");
  EXPECT_EQ(direct.error().column, "scenario");
  EXPECT_EQ(state_of(target_.db_path, {}).audit.size(), entries);

  auto rollback = rollback_request(target_, id, kAna, "merit moved to 2028 instead");
  ASSERT_TRUE(rollback.ok()) << rollback.error().to_string();
  const std::string rid = rollback->request.row.request_id;
  EXPECT_EQ(rollback->request.row.kind, "rollback");
  EXPECT_EQ(rollback->request.row.rollback_of, id);
  EXPECT_EQ(rollback->request.row.state, "pending");
  EXPECT_LT(rollback->request.row.cost_impact, 0.0);
  ASSERT_TRUE(approve_request(target_, rid, kCid, "agreed").ok());
  auto undone = publish_request(target_, rid, kBob);
  ASSERT_TRUE(undone.ok()) << undone.error().to_string();
  // Exactly the previous value, bit for bit.
  EXPECT_EQ(value("merit_base", 2027, 3), before);
  EXPECT_EQ(state(id), "rolled_back");
  EXPECT_EQ(state(rid), "published");
  EXPECT_EQ(count(audit_types(), kParameterRollback), 1u);
  EXPECT_EQ(count(audit_types(), kScenarioPublished), 2u);
  EXPECT_EQ(count(audit_types(), kParameterApproval), 2u);
  expect_chain_intact();
  // A rolled-back request cannot be rolled back again.
  EXPECT_EQ(rollback_request(target_, id, kAna, "again").error().rule, "request_state");
}

TEST_F(GovernanceLifecycle, EachPolicyIsRefusedAndNothingIsWritten) {
  auto cr = request({"merit_base=0.04"}, "2028", "2");
  ASSERT_TRUE(cr.ok()) << cr.error().to_string();
  const std::string id = cr->request.row.request_id;
  const std::size_t entries = state_of(target_.db_path, {}).audit.size();

  // Separation of duties: ana requested it.
  Actor ana_approver{"ana", Role::kApprover};
  auto own = approve_request(target_, id, ana_approver, "");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().rule, "separation_of_duties");
  // An analyst cannot approve; an executive cannot request.
  EXPECT_EQ(approve_request(target_, id, Actor{"eve", Role::kAnalyst}, "").error().rule,
            "forbidden");
  CreateRequest exec;
  exec.target = target_;
  exec.assignments = {"merit_base=0.05"};
  exec.where = where("2028", "2");
  exec.justification = "x";
  exec.actor = Actor{"exa", Role::kExecutive};
  EXPECT_EQ(create_request(exec).error().rule, "forbidden");
  // A rejection needs a reason.
  auto no_reason = reject_request(target_, id, kBob, "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().column, "--reason");
  // Publishing before approval.
  EXPECT_EQ(publish_request(target_, id, kAna).error().rule, "request_state");
  // A blank justification.
  auto blank = request({"merit_base=0.05"}, "2028", "2", true, " ");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().column, "--justification");
  EXPECT_EQ(blank.error().rule, "justification_required");
  // Locked cells: the default locks its 2025 base year.
  auto locked = request({"merit_base=0.05"}, "2025", "all");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().rule, "cell_locked");
  EXPECT_EQ(locked.error().file, "command line");
  EXPECT_EQ(locked.error().column, "merit_base");
  EXPECT_GE(locked.error().row, 1);
  EXPECT_EQ(locked.error().count(), 5u);  // one per level
  // A value outside the lever's hard range.
  auto invalid = request({"merit_base=0.9"}, "2028", "2");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().kind, ErrorKind::kInvalidInput);
  // Nothing changes: the published value itself (CR-1 is not published).
  auto same = request({"merit_base=" + shortest_text(value("merit_base", 2028, 2))}, "2028", "2");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().rule, "nothing_changes");

  EXPECT_EQ(state(id), "pending");
  EXPECT_EQ(state_of(target_.db_path, {}).audit.size(), entries);
  auto all = list_requests(target_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  expect_chain_intact();

  // With a reason the rejection stands, and a rejected request is final.
  auto rejected = reject_request(target_, id, kBob, "over the merit guideline");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->request.row.state, "rejected");
  EXPECT_EQ(rejected->request.row.decision_reason, "over the merit guideline");
  EXPECT_EQ(approve_request(target_, id, kCid, "").error().rule, "request_state");
}

TEST_F(GovernanceLifecycle, RequestSimulatedAgainstAnOlderPlanMustBeRebased) {
  auto first = request({"merit_base=0.045"}, "2027", "3");
  auto second = request({"cola_rate=0.025"}, "2029", "all");
  ASSERT_TRUE(first.ok() && second.ok());
  const std::string a = first->request.row.request_id;
  const std::string b = second->request.row.request_id;
  ASSERT_TRUE(approve_request(target_, a, kBob, "").ok());
  ASSERT_TRUE(publish_request(target_, a, kBob).ok());
  auto shown = show_request(target_, b);
  ASSERT_TRUE(shown.ok());
  EXPECT_TRUE(shown->stale);
  const std::size_t entries = state_of(target_.db_path, {}).audit.size();
  auto stale = approve_request(target_, b, kBob, "");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(stale.error().rule, "stale_request");
  EXPECT_EQ(state(b), "pending");
  EXPECT_EQ(state_of(target_.db_path, {}).audit.size(), entries);

  auto rebased = rebase_request(target_, b, kAna);
  ASSERT_TRUE(rebased.ok()) << rebased.error().to_string();
  EXPECT_FALSE(rebased->stale);
  EXPECT_NE(rebased->request.row.base_digest, second->request.row.base_digest);
  EXPECT_EQ(count(audit_types(), kChangeRebased), 1u);
  ASSERT_TRUE(approve_request(target_, b, kBob, "").ok());
  ASSERT_TRUE(publish_request(target_, b, kAna).ok());
  EXPECT_EQ(value("cola_rate", 2029, 4), 0.025);
  EXPECT_EQ(value("merit_base", 2027, 3), 0.045);
  expect_chain_intact();
}

TEST_F(GovernanceLifecycle, PolicyApprovesAndPublishesOnlyUnderTheThreshold) {
  PolicyChange p;
  p.auto_approve = true;
  p.auto_publish = true;
  p.approval_threshold = 1.0;  // dollars: every real change is above it
  ASSERT_TRUE(set_governance_policy(target_, p, kBob, "small changes go straight through").ok());
  auto big = request({"merit_base=0.045"}, "2027", "3");
  ASSERT_TRUE(big.ok()) << big.error().to_string();
  EXPECT_EQ(big->request.row.state, "pending");
  EXPECT_TRUE(big->needs_approval);

  p.approval_threshold = 1e12;
  ASSERT_TRUE(set_governance_policy(target_, p, kBob, "raise the threshold").ok());
  const double before = value("cola_rate", 2029, 1);
  auto small = request({"cola_rate=0.021"}, "2029", "all");
  ASSERT_TRUE(small.ok()) << small.error().to_string();
  EXPECT_EQ(small->request.row.state, "published");
  EXPECT_TRUE(small->request.row.auto_approved);
  EXPECT_EQ(small->request.row.decided_by, governance::kAutoApprover);
  EXPECT_NE(value("cola_rate", 2029, 1), before);
  EXPECT_EQ(value("cola_rate", 2029, 1), 0.021);
  expect_chain_intact();
}

TEST_F(GovernanceLifecycle, PolicyApprovalCannotPublishOnceTheCostNeedsAnApprover) {
  PolicyChange p;
  p.auto_approve = true;
  p.approval_threshold = 1e12;
  ASSERT_TRUE(set_governance_policy(target_, p, kBob, "auto-approve small changes").ok());
  auto cr = request({"merit_base=0.045"}, "2027", "3");
  ASSERT_TRUE(cr.ok());
  ASSERT_EQ(cr->request.row.state, "approved");
  // The threshold drops under the request's cost before anyone publishes.
  p.approval_threshold = 1000.0;
  ASSERT_TRUE(set_governance_policy(target_, p, kBob, "tighten").ok());
  auto published = publish_request(target_, cr->request.row.request_id, kAna);
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().rule, "approval_required");
  EXPECT_EQ(state(cr->request.row.request_id), "approved");
  EXPECT_NE(value("merit_base", 2027, 3), 0.045);
}

}  // namespace
}  // namespace planwise::app::testing
