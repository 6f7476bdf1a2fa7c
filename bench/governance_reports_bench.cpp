// Issue 11 item 5: the time of each governance report (goal: under 1 s) on
// a database with 1,000 change requests and 100 stored runs.
//   planwise_governance_bench [--work-dir DIR] [--repeat N]
// One real run of the bundled inputs is stored, then copied 99 times under
// new run keys (spread over 10 scenarios), and 1,000 requests with their
// cells, years and audit entries are written through the store. The copies
// use SQL here: this is a test-data generator, not a ring of the program.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/executive_report.hpp"
#include "app/governance_reports.hpp"
#include "app/run_simulation.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/governance_tables.hpp"

namespace {

using namespace planwise;

int fail(const std::string& step, const Error& e) {
  std::fprintf(stderr, "%s: %s\n", step.c_str(), e.to_string().c_str());
  return 1;
}

std::string stamp(int day, int second) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + day / 28, 1 + day % 28,
                second / 3600 % 24, second / 60 % 60, second % 60);
  return buf;
}

Status add_requests(store::Database& db, int count) {
  const char* states[] = {"published", "rejected", "pending", "approved", "published"};
  std::vector<store::AuditRow> audit;
  std::int64_t seq = 1'000'000;
  PLANWISE_RETURN_IF_ERROR(db.begin_transaction());
  for (int i = 1; i <= count; ++i) {
    store::ChangeRequest r;
    store::ChangeRequestRow& row = r.row;
    row.request_id = "CR-" + std::to_string(i);
    row.scenario_id = "s" + std::to_string(i % 10);
    row.kind = "change";
    row.state = states[i % 5];
    row.requester = "ana";
    row.justification = "bench request " + std::to_string(i);
    const int day = i % 300;
    row.created_at = stamp(day, 3600);
    row.submitted_at = stamp(day, 3700);
    row.simulated_at = row.created_at;
    if (row.state != "pending") {
      row.decided_at = stamp(day + i % 9, 7200);
      row.decided_by = "bob";
      row.decision_reason = row.state == "rejected" ? "no" : "ok";
    }
    if (row.state == "published") row.published_at = stamp(day + i % 9, 9000);
    row.base_digest = "d";
    row.cost_impact = 5'000.0 * (i % 400);
    row.employees_affected = i % 2000;
    row.risk_level = "LOW";
    row.impact_class = "LOW";
    row.risk_factors = "[]";
    for (int c = 0; c < 3; ++c) {
      r.cells.push_back({2026 + c, 1 + i % 5, "merit_base", 0.03, 0.03 + 0.001 * (i % 20)});
    }
    for (int y = 2025; y <= 2029; ++y) {
      r.years.push_back({y, 1e8, 1e8 + row.cost_impact / 5, 5000, 5000, 70000.0, 70100.0, 0.03,
                         0.031, std::nullopt});
    }
    PLANWISE_RETURN_IF_ERROR(store::insert_request(db, r));
    auto event = [&](const char* type, const std::string& reason) {
      store::AuditRow a;
      a.seq = ++seq;
      a.occurred_at = row.submitted_at;
      a.event_type = type;
      a.scenario_id = row.scenario_id;
      a.actor = "bob";
      a.reason = reason;
      a.details = "{\"request_id\":\"" + row.request_id + "\",\"approval_status\":\"" +
                  (row.state == "rejected" ? "rejected" : "approved") +
                  "\",\"approver\":\"bob\",\"justification\":\"" + row.justification +
                  "\",\"impact\":{\"cost_impact\":" + std::to_string(row.cost_impact) +
                  ",\"employees_affected\":" + std::to_string(row.employees_affected) +
                  ",\"budget_variance\":null,\"risk_level\":\"LOW\"}}";
      a.prev_hash = "p";
      a.entry_hash = "h" + std::to_string(a.seq);
      return a;
    };
    audit.push_back(event("CHANGE_REQUESTED", row.justification));
    if (!row.decided_at.empty()) audit.push_back(event("PARAMETER_APPROVAL", "ok"));
    if (!row.published_at.empty()) {
      audit.push_back(event("SCENARIO_PUBLISHED", row.justification));
      for (const store::RequestCellRow& c : r.cells) {
        store::AuditRow a = event("PARAMETER_CHANGE", row.request_id + ": " + row.justification);
        a.details = "previous value from default";
        a.fiscal_year = c.year;
        a.job_level = c.level;
        a.parameter_name = c.parameter;
        a.old_value = c.old_value;
        a.new_value = c.new_value;
        audit.push_back(a);
      }
    }
  }
  PLANWISE_RETURN_IF_ERROR(store::append_audit_rows(db, audit));
  return db.commit();
}

// Copies of the stored run under run keys base+1 ... base+copies.
Status copy_runs(store::Database& db, int copies) {
  const std::string range = "range(1, " + std::to_string(copies + 1) + ") g(k)";
  const std::string id = "r.run_id || '-copy-' || g.k";
  std::vector<std::string> sql = {
      "INSERT INTO scenarios SELECT 's' || k, 'bench', 'default', now(), 'bench' FROM range(10) t(k)",
      "INSERT INTO runs SELECT r.* REPLACE (" + id + " AS run_id, r.run_key + g.k AS run_key, "
      "'s' || (g.k % 10) AS scenario, r.created_at + g.k * INTERVAL 1 MINUTE AS created_at) "
      "FROM runs r, " + range,
  };
  for (const char* t : {"employees", "snapshot_rows", "event_rows"}) {
    sql.push_back(std::string("INSERT INTO ") + t + " SELECT r.* REPLACE (r.run_key + g.k AS run_key) FROM " +
                  t + " r, " + range);
  }
  for (const char* t : {"year_summary", "pay_budget", "effective_parameters"}) {
    sql.push_back(std::string("INSERT INTO ") + t + " SELECT r.* REPLACE (" + id + " AS run_id) FROM " +
                  t + " r, " + range);
  }
  for (const std::string& s : sql) PLANWISE_RETURN_IF_ERROR(db.execute(s));
  return Status::success();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "planwise-governance-bench";
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--work-dir")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--repeat")) repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "governance.duckdb").string();
  app::SimulateRequest run;
  run.inputs.data_dir = PLANWISE_SOURCE_DIR "/data";
  run.db_path = path;
  auto ran = app::run_simulation(run, {});
  if (!ran) return fail("run", ran.error());
  {
    auto db = store::Database::open(path, store::OpenMode::kReadWrite);
    if (!db) return fail("open", db.error());
    if (Status s = copy_runs(**db, 99); !s.ok()) return fail("copy runs", s.error());
    if (Status s = add_requests(**db, 1000); !s.ok()) return fail("requests", s.error());
    auto n = (*db)->query(
        "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM change_requests), "
        "(SELECT count(*) FROM audit_log), (SELECT count(*) FROM snapshot_rows)");
    if (!n) return fail("count", n.error());
    std::printf("database %s: %s runs, %s requests, %s audit entries, %s snapshot rows\n",
                path.c_str(), n->rows[0][0]->c_str(), n->rows[0][1]->c_str(),
                n->rows[0][2]->c_str(), n->rows[0][3]->c_str());
  }
  std::printf("%-20s %8s %10s %10s\n", "report", "rows", "best ms", "worst ms");
  for (app::ReportName name : app::all_reports()) {
    double best = 1e18, worst = 0;
    std::size_t rows = 0;
    for (int i = 0; i < repeat; ++i) {
      auto t = app::governance_report(path, name);
      if (!t) return fail(app::report_slug(name), t.error());
      best = std::min(best, t->elapsed_ms);
      worst = std::max(worst, t->elapsed_ms);
      rows = t->rows.size();
    }
    std::printf("%-20s %8zu %10.1f %10.1f\n", app::report_slug(name).c_str(), rows, best, worst);
  }
  for (const char* subject : {"scenario", "request"}) {
    double best = 1e18, worst = 0;
    for (int i = 0; i < repeat; ++i) {
      app::ExecutiveReportRequest req;
      req.db_path = path;
      if (!std::strcmp(subject, "scenario")) {
        req.scenario = "default";
      } else {
        req.request_id = "CR-500";
      }
      auto r = app::executive_report(req);
      if (!r) return fail(std::string("executive-report ") + subject, r.error());
      best = std::min(best, r->elapsed_ms);
      worst = std::max(worst, r->elapsed_ms);
    }
    std::printf("%-20s %8s %10.1f %10.1f\n", (std::string("exec-report ") + subject).c_str(), "-",
                best, worst);
  }
  return 0;
}
