// Issue 11 item 2: the approval policies and the request states.
#include "governance/policies.hpp"

#include <gtest/gtest.h>

#include "governance/request_state.hpp"

namespace planwise::governance {
namespace {

TEST(GovernancePolicies, JustificationAndRejectionReasonMustNotBeBlank) {
  EXPECT_TRUE(require_justification("budget season", "justification").ok());
  const Status blank = require_justification(" \t\n", "justification");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(blank.error().column, "justification");
  EXPECT_EQ(blank.error().rule, "justification_required");
  const Status no_reason = require_rejection_reason("", "--reason");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().column, "--reason");
  EXPECT_EQ(no_reason.error().rule, "reason_required");
}

TEST(GovernancePolicies, RequesterCannotDecideTheirOwnRequest) {
  EXPECT_TRUE(check_separation_of_duties("CR-1", "ana", "bob").ok());
  const Status own = check_separation_of_duties("CR-1", "ana", "ana");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(own.error().rule, "separation_of_duties");
}

TEST(GovernancePolicies, ApprovalIsNeededStrictlyAboveTheThreshold) {
  GovernancePolicy p;
  EXPECT_FALSE(needs_approval(1'000'000.0, p));
  EXPECT_TRUE(needs_approval(1'000'000.01, p));
  EXPECT_TRUE(needs_approval(-1'500'000.0, p));
  // Auto-approval only when the policy says so, and only under the threshold.
  EXPECT_FALSE(auto_approves(10.0, p));
  p.auto_approve = true;
  EXPECT_TRUE(auto_approves(1'000'000.0, p));
  EXPECT_FALSE(auto_approves(1'000'000.01, p));
}

TEST(GovernancePolicies, PolicyApprovalCannotPublishACostAboveTheThreshold) {
  GovernancePolicy p;
  p.approval_threshold = 500'000.0;
  EXPECT_TRUE(check_publishable("CR-2", 600'000.0, false, p).ok());  // an approver approved
  EXPECT_TRUE(check_publishable("CR-2", 400'000.0, true, p).ok());
  const Status s = check_publishable("CR-2", 600'000.0, true, p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "approval_required");
  EXPECT_NE(s.error().message.find("$500,000"), std::string::npos) << s.error().message;
}

TEST(GovernancePolicies, StaleRequestNamesTheRebase) {
  EXPECT_TRUE(check_not_stale("CR-3", "abc", "abc").ok());
  const Status s = check_not_stale("CR-3", "abc", "def");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(s.error().rule, "stale_request");
  EXPECT_NE(s.error().message.find("request rebase CR-3"), std::string::npos);
}

TEST(GovernancePolicies, EveryLockedCellIsReportedWithItsRow) {
  const Status s = check_no_locked_cells(
      {{2026, 1, "merit_base"}, {2025, 2, "merit_base"}, {2025, 3, "cola_rate"}},
      {{2025, 3, "cola_rate"}, {2025, 2, "merit_base"}}, "request");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, "request");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "merit_base");
  EXPECT_EQ(e.rule, "cell_locked");
  ASSERT_EQ(e.more.size(), 1u);
  EXPECT_EQ(e.more[0].row, 3);
  EXPECT_EQ(e.more[0].column, "cola_rate");
  EXPECT_TRUE(
      check_no_locked_cells({{2026, 1, "merit_base"}}, {{2025, 1, "merit_base"}}, "x").ok());
}

TEST(GovernancePolicies, NegativeThresholdIsRefused) {
  GovernancePolicy p;
  p.approval_threshold = -1.0;
  const Status s = validate_policy(p, "--threshold");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().column, "--threshold");
}

TEST(RequestStates, FollowTheWorkflowAndRefuseEverythingElse) {
  EXPECT_EQ(*next_state("CR-1", RequestState::kDraft, RequestAction::kSubmit),
            RequestState::kPending);
  EXPECT_EQ(*next_state("CR-1", RequestState::kPending, RequestAction::kApprove),
            RequestState::kApproved);
  EXPECT_EQ(*next_state("CR-1", RequestState::kPending, RequestAction::kReject),
            RequestState::kRejected);
  EXPECT_EQ(*next_state("CR-1", RequestState::kApproved, RequestAction::kPublish),
            RequestState::kPublished);
  EXPECT_EQ(*next_state("CR-1", RequestState::kPublished, RequestAction::kRollBack),
            RequestState::kRolledBack);
  const auto publish_pending = next_state("CR-1", RequestState::kPending, RequestAction::kPublish);
  ASSERT_FALSE(publish_pending.ok());
  EXPECT_EQ(publish_pending.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(publish_pending.error().message,
            "request CR-1 is Pending approval: only an approved request can be published");
  EXPECT_FALSE(next_state("CR-1", RequestState::kRejected, RequestAction::kApprove).ok());
  EXPECT_FALSE(next_state("CR-1", RequestState::kRolledBack, RequestAction::kRollBack).ok());
  EXPECT_FALSE(next_state("CR-1", RequestState::kPublished, RequestAction::kRebase).ok());
  for (RequestState s :
       {RequestState::kDraft, RequestState::kPending, RequestState::kApproved,
        RequestState::kRejected, RequestState::kPublished, RequestState::kRolledBack}) {
    EXPECT_EQ(parse_state(state_name(s)), s);
  }
}

}  // namespace
}  // namespace planwise::governance
