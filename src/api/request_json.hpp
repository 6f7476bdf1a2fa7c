// JSON shapes of governance (issue 11 item 7; /work docs/api.md "Change
// requests"): a change request's row and view, a scenario's governance.
// `planwise request list|show --json` prints the bodies the API returns.
#pragma once

#include <string>
#include <vector>

#include "app/governance.hpp"

namespace planwise::api {

// {"requests": [RequestRow...]}: every ChangeRequestRow field by its C++
// name plus state_label; empty strings are null.
std::string request_list_json(const std::vector<store::ChangeRequestRow>& rows, int indent = -1);
// {request, cells, years, stale, needs_approval, published_now, simulate_ms,
//  risk: {score, level, factors}, policy}.
std::string request_view_json(const app::RequestView& view, int indent = -1);
// {scenario, published, published_at, published_by, published_request,
//  publications, policy: {approval_threshold, auto_approve, auto_publish}}.
std::string scenario_governance_json(const app::ScenarioGovernance& g, int indent = -1);

}  // namespace planwise::api
