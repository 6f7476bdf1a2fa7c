// A change request's life (issue 11 item 2, tuning.md §6.2):
//   draft -> pending -> approved | rejected;  approved -> published;
//   published -> rolled_back (when a rollback request is published).
// Every action names the states it starts from; anything else is refused
// with a conflict naming the request's state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace planwise::governance {

enum class RequestState { kDraft, kPending, kApproved, kRejected, kPublished, kRolledBack };

std::string state_name(RequestState state);  // draft, pending, approved, ...
std::optional<RequestState> parse_state(std::string_view text);
// How a person reads it: "Draft", "Pending approval", "Rolled back".
std::string state_label(RequestState state);

enum class RequestAction { kSubmit, kApprove, kReject, kPublish, kRollBack, kRebase, kEdit };

std::string action_name(RequestAction action);  // submit, approve, ...

// The state after `action` from `from`, or a kConflict error
// ("request CR-7 is approved: only a pending request can be rejected").
// Rebase and edit keep the state.
Result<RequestState> next_state(const std::string& request_id, RequestState from,
                                RequestAction action);

// Kinds of request: cell changes typed by an analyst, an optimizer's
// accepted proposal, or the undoing of a published request.
enum class RequestKind { kChange, kOptimization, kRollback };
std::string kind_name(RequestKind kind);  // change, optimization, rollback
std::optional<RequestKind> parse_kind(std::string_view text);

}  // namespace planwise::governance
