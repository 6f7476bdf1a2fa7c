// Handlers of `planwise request ...` and `planwise scenario policy` (issue
// 11 item 7): each calls one app/ governance use case and prints it for a
// person, or with --json the body the API returns. The flags are in
// governance_flags.cpp.
#pragma once

#include <string>
#include <vector>

#include "app/governance.hpp"
#include "common/result.hpp"

namespace planwise::cli {

struct GovernanceOptions {
  app::LeverTarget target;  // inputs, --db, --scenario
  app::SelectorText where;  // --year, --level (request create)
  std::string as;           // --as NAME; empty: the OS user
  std::string justification, reason, note;
  bool submit = false;           // request create --submit
  bool json = false;             // list, show
  std::string state, requester;  // list filters
};

// The acting user: `as` with that user's role, or the OS user as an admin
// ("whoever can write the database file is trusted like an admin",
// docs/cli.md).
Result<app::Actor> governance_actor(const std::string& db_path, const std::string& as);

int run_request_create(const GovernanceOptions& o, const std::vector<std::string>& assignments);
// `action`: submit, approve, reject, publish, rebase.
int run_request_action(const GovernanceOptions& o, const std::string& action,
                       const std::string& request_id);
int run_request_rollback(const GovernanceOptions& o, const std::string& request_id, bool submit);
int run_request_list(const GovernanceOptions& o);
int run_request_show(const GovernanceOptions& o, const std::string& request_id);
// No change given: prints the scenario's policy and publication.
int run_scenario_policy(const GovernanceOptions& o, const app::PolicyChange& change);

}  // namespace planwise::cli
