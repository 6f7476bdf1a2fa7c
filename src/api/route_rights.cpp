// The right each API route needs (issue 9 item 2; the roles' table is in
// app/roles.cpp and docs/security.md). Checked once, before the route runs,
// so no route can forget it. Previews that save nothing (impact, validate)
// need only `read`; exports of employee rows are checked again by the
// export route, which knows the table.
#include "api/routes.hpp"

namespace planwise::api {

app::Right route_right(const std::string& method, const std::vector<std::string>& p) {
  using app::Right;
  // httplib answers HEAD with the GET handlers: a read.
  const bool get = method == "GET" || method == "HEAD";
  const std::string group = p.size() >= 2 ? p[1] : "";
  if (group == "audit") return Right::kAudit;
  if (group == "users") return Right::kManageUsers;
  if (group == "impact") return Right::kRead;
  // Issue 14 item 4: SQL and snapshots read (the routes also ask for the
  // employee_data right); the CLI's lever writes need what the grid's do.
  if (group == "sql" || group == "snapshots") return Right::kRead;
  if (group == "cli") return get ? Right::kRead : Right::kEditLevers;
  // Compare reads runs and simulates without storing (issue 10 item 2).
  if (group == "compare" || group == "compare.csv" || group == "compare.xlsx") return Right::kRead;
  // Issue 12: ensembles, paired comparisons and sweeps simulate without
  // storing; an ensemble with "store": true is also a run, which the route
  // checks (it knows the body).
  if (group == "ensembles" || group == "sweep") return Right::kRead;
  if (group == "levers") {
    if (get) return Right::kRead;
    if (p.size() == 3 && p[2] == "validate") return Right::kRead;
    return Right::kEditLevers;
  }
  // Issue 11: a scenario's approval policy is the approvers'.
  if (group == "scenarios" && p.size() == 4 && p[3] == "governance" && !get) return Right::kApprove;
  if (group == "scenarios") return get ? Right::kRead : Right::kEditLevers;
  if (group == "requests") {
    if (get) return Right::kRead;
    if (p.size() == 2) return Right::kEditLevers;  // create
    const std::string action = p.size() == 4 ? p[3] : "";
    if (action == "approve" || action == "reject") return Right::kApprove;
    if (action == "rollback" || action == "submit") return Right::kEditLevers;
    // publish, rebase: edit_levers or approve, checked by the route.
    return Right::kRead;
  }
  // The executive summary and report are read by executives too; the route
  // asks the other reports for the audit right.
  if (group == "reports") return get ? Right::kRead : Right::kManageUsers;
  if (group == "runs") return get ? Right::kRead : Right::kRun;
  // Issue 14 item 1: an upload holds SSNs and its preview shows values, so
  // every upload route needs employee_data (the route adds run); listing
  // the stored censuses is a read; switching the dashboard's census changes
  // what runs use.
  if (group == "censuses") {
    if (p.size() >= 3 && p[2] == "uploads") return Right::kEmployeeData;
    return get ? Right::kRead : Right::kRun;
  }
  if (group == "optimizations") return get ? Right::kRead : Right::kOptimize;
  if (get) return Right::kRead;
  // A write to any other path: only the admin, who then gets its 404.
  return Right::kManageUsers;
}

}  // namespace planwise::api
