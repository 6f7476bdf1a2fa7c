#include "governance/request_state.hpp"

#include <array>
#include <string>

namespace planwise::governance {

namespace {

constexpr std::array<RequestState, 6> kStates = {
    RequestState::kDraft,    RequestState::kPending,   RequestState::kApproved,
    RequestState::kRejected, RequestState::kPublished, RequestState::kRolledBack};

// The states an action may start from (§6.2). Rebase re-simulates a request
// that is not yet decided; edit changes a draft's cells or justification.
bool allowed_from(RequestAction action, RequestState s) {
  switch (action) {
    case RequestAction::kSubmit:
      return s == RequestState::kDraft;
    case RequestAction::kApprove:
    case RequestAction::kReject:
      return s == RequestState::kPending;
    case RequestAction::kPublish:
      return s == RequestState::kApproved;
    case RequestAction::kRollBack:
      return s == RequestState::kPublished;
    case RequestAction::kRebase:
      return s == RequestState::kDraft || s == RequestState::kPending ||
             s == RequestState::kApproved;
    case RequestAction::kEdit:
      return s == RequestState::kDraft;
  }
  return false;
}

std::string starting_states(RequestAction action) {
  std::string out;
  for (RequestState s : kStates) {
    if (!allowed_from(action, s)) continue;
    out += (out.empty() ? "" : " or ") + state_name(s);
  }
  return out;
}

// "an approved", "a draft or pending".
std::string with_article(const std::string& words) {
  const bool vowel = !words.empty() && std::string("aeiou").find(words[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + words;
}

// "approved", "rolled back": the action as done, for messages.
std::string done(RequestAction action) {
  switch (action) {
    case RequestAction::kSubmit:
      return "submitted";
    case RequestAction::kApprove:
      return "approved";
    case RequestAction::kReject:
      return "rejected";
    case RequestAction::kPublish:
      return "published";
    case RequestAction::kRollBack:
      return "rolled back";
    case RequestAction::kRebase:
      return "rebased";
    case RequestAction::kEdit:
      return "edited";
  }
  return "changed";
}

}  // namespace

std::string state_name(RequestState state) {
  switch (state) {
    case RequestState::kDraft:
      return "draft";
    case RequestState::kPending:
      return "pending";
    case RequestState::kApproved:
      return "approved";
    case RequestState::kRejected:
      return "rejected";
    case RequestState::kPublished:
      return "published";
    case RequestState::kRolledBack:
      return "rolled_back";
  }
  return "unknown";
}

std::optional<RequestState> parse_state(std::string_view text) {
  for (RequestState s : kStates) {
    if (state_name(s) == text) return s;
  }
  return std::nullopt;
}

std::string state_label(RequestState state) {
  switch (state) {
    case RequestState::kDraft:
      return "Draft";
    case RequestState::kPending:
      return "Pending approval";
    case RequestState::kApproved:
      return "Approved";
    case RequestState::kRejected:
      return "Rejected";
    case RequestState::kPublished:
      return "Published";
    case RequestState::kRolledBack:
      return "Rolled back";
  }
  return "Unknown";
}

std::string action_name(RequestAction action) {
  switch (action) {
    case RequestAction::kSubmit:
      return "submit";
    case RequestAction::kApprove:
      return "approve";
    case RequestAction::kReject:
      return "reject";
    case RequestAction::kPublish:
      return "publish";
    case RequestAction::kRollBack:
      return "roll back";
    case RequestAction::kRebase:
      return "rebase";
    case RequestAction::kEdit:
      return "edit";
  }
  return "unknown";
}

Result<RequestState> next_state(const std::string& request_id, RequestState from,
                                RequestAction action) {
  if (!allowed_from(action, from)) {
    Error e =
        Error::make(ErrorKind::kConflict, "request " + request_id + " is " + state_label(from) +
                                              ": only " + with_article(starting_states(action)) +
                                              " request can be " + done(action));
    e.rule = "request_state";
    e.value = state_name(from);
    return e;
  }
  switch (action) {
    case RequestAction::kSubmit:
      return RequestState::kPending;
    case RequestAction::kApprove:
      return RequestState::kApproved;
    case RequestAction::kReject:
      return RequestState::kRejected;
    case RequestAction::kPublish:
      return RequestState::kPublished;
    case RequestAction::kRollBack:
      return RequestState::kRolledBack;
    case RequestAction::kRebase:
    case RequestAction::kEdit:
      return from;
  }
  return from;
}

std::string kind_name(RequestKind kind) {
  switch (kind) {
    case RequestKind::kChange:
      return "change";
    case RequestKind::kOptimization:
      return "optimization";
    case RequestKind::kRollback:
      return "rollback";
  }
  return "unknown";
}

std::optional<RequestKind> parse_kind(std::string_view text) {
  for (RequestKind k : {RequestKind::kChange, RequestKind::kOptimization, RequestKind::kRollback}) {
    if (kind_name(k) == text) return k;
  }
  return std::nullopt;
}

}  // namespace planwise::governance
