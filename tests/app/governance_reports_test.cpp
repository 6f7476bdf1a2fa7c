// The governance reports and the executive report (issue 11 item 5) on a
// database built through the use cases: requests created, approved by
// another person, rejected with a reason, published and rolled back, and a
// simulation of the plan. Each report's figures are recomputed here from
// the request rows, the audit log and the run's tables, independently of
// the views' SQL. Built once for the suite: each request simulates the
// bundled census twice.
#include "app/governance_reports.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <map>
#include <set>

#include "app/executive_report.hpp"
#include "app/governance.hpp"
#include "lever_commands_fixture.hpp"
#include "store/audit_table.hpp"
#include "store/governance_tables.hpp"
#include "store/lever_tables.hpp"
#include "store/run_store.hpp"

namespace planwise::app {
namespace {

using testing::target_in;
using testing::use_seeded_db;

const Actor kReportAna{"ana", Role::kAnalyst};
const Actor kReportBob{"bob", Role::kApprover};

double seconds_of(const std::string& iso) {
  std::tm tm{};
  strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return static_cast<double>(timegm(&tm));
}

// Published, else decided, minus submitted (docs/governance.md "Reports").
std::optional<double> cycle_days(const store::ChangeRequestRow& r) {
  const std::string end = r.published_at.empty() ? r.decided_at : r.published_at;
  if (r.submitted_at.empty() || end.empty()) return std::nullopt;
  return (seconds_of(end) - seconds_of(r.submitted_at)) / 86400.0;
}

struct Built {
  test::TempDir dir;
  LeverTarget target;
  std::string run_id;
  std::string error;
};

void build(Built& out) {
  {
    use_seeded_db(out.dir);
    out.target = target_in(out.dir);
    auto fail = [&](const std::string& step, const Error& e) {
      if (out.error.empty()) out.error = step + ": " + e.to_string_all();
    };
    auto make = [&](const std::string& assignment, const std::string& year,
                    const std::string& level, const std::string& why) -> std::string {
      CreateRequest c;
      c.target = out.target;
      c.assignments = {assignment};
      c.where = testing::where(year, level);
      c.justification = why;
      c.actor = kReportAna;
      c.submit = true;
      auto v = create_request(c);
      if (!v) return fail("create " + assignment, v.error()), "";
      return v->request.row.request_id;
    };
    const std::string first = make("merit_base=0.045", "2027", "3", "retention, level 3");
    if (auto a = approve_request(out.target, first, kReportBob, "ok"); !a)
      fail("approve", a.error());
    if (auto p = publish_request(out.target, first, kReportBob); !p) fail("publish", p.error());
    const std::string second = make("cola_rate=0.06", "2028", "all", "inflation catch-up");
    if (auto r = reject_request(out.target, second, kReportBob, "too costly"); !r)
      fail("reject", r.error());
    auto back = rollback_request(out.target, first, kReportAna, "undo the retention raise");
    if (!back) {
      fail("rollback", back.error());
    } else {
      const std::string id = back->request.row.request_id;
      if (auto a = approve_request(out.target, id, kReportBob, "fine"); !a)
        fail("approve rb", a.error());
      if (auto p = publish_request(out.target, id, kReportBob); !p) fail("publish rb", p.error());
    }
    SimulateRequest run;
    run.inputs.data_dir = test::data_dir();
    run.inputs.scenario = "default";
    run.db_path = out.target.db_path;
    auto ran = run_simulation(run, {});
    if (!ran) {
      fail("run", ran.error());
    } else {
      out.run_id = ran->run_id.value_or("");
    }
  }
}

Built& built() {
  static Built b;
  static const bool done = (build(b), true);
  (void)done;
  return b;
}

class GovernanceReports : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(built().error.empty()) << built().error; }

  // Rows of a report keyed by `key`'s value, each a column -> text map.
  std::vector<std::map<std::string, std::string>> rows(ReportName name,
                                                       const std::string& scenario = "") {
    auto t = governance_report(built().target.db_path, name, {scenario});
    EXPECT_TRUE(t.ok()) << t.error().to_string_all();
    std::vector<std::map<std::string, std::string>> out;
    if (!t) return out;
    for (const auto& r : t->rows) {
      auto& m = out.emplace_back();
      for (std::size_t i = 0; i < t->columns.size(); ++i) m[t->columns[i]] = r[i].value_or("");
    }
    return out;
  }

  std::vector<store::ChangeRequestRow> requests() {
    auto r = list_requests(built().target, {});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<store::ChangeRequestRow>{};
  }

  std::vector<store::AuditRow> audit() {
    auto db = store::Database::open(built().target.db_path, store::OpenMode::kReadOnly);
    EXPECT_TRUE(db.ok());
    auto rows = store::all_audit_rows(**db);
    EXPECT_TRUE(rows.ok());
    return *rows;
  }
};

double num(const std::string& s) {
  return std::stod(s);
}

TEST_F(GovernanceReports, ApprovalWorkflowCountsOutcomesAndCycleDaysFromTheRequests) {
  std::int64_t granted = 0, rejected = 0;
  double cycle_sum = 0;
  int cycles = 0;
  std::set<std::string> approvers;
  for (const auto& r : requests()) {
    const bool ok = r.state == "approved" || r.state == "published" || r.state == "rolled_back";
    granted += ok;
    rejected += r.state == "rejected";
    if (ok) approvers.insert(r.decided_by);
    if (auto d = cycle_days(r)) cycle_sum += *d, ++cycles;
  }
  std::int64_t changes = 0;
  for (const auto& a : audit())
    changes += a.event_type == "PARAMETER_CHANGE" && a.scenario_id == "default";
  auto report = rows(ReportName::kApprovals, "default");
  ASSERT_EQ(report.size(), 1u);
  auto& row = report[0];
  EXPECT_EQ(row["requests"], "3");
  EXPECT_EQ(num(row["approved"]), granted);
  EXPECT_EQ(num(row["rejected"]), rejected);
  EXPECT_EQ(num(row["parameter_changes"]), changes);
  EXPECT_EQ(row["approvers"], "bob");
  EXPECT_EQ(row["has_rejections"], "true");
  EXPECT_EQ(row["status"], "APPROVED_WITH_ISSUES");
  const double mean = cycle_sum / cycles;
  EXPECT_NEAR(num(row["approval_cycle_days"]), mean, 0.0006);
  EXPECT_EQ(row["speed"], mean > 7 ? "SLOW" : mean > 3 ? "NORMAL" : "FAST");
}

TEST_F(GovernanceReports, ChangeHistoryHasOneRowPerChangedCellWithItsRequest) {
  std::map<std::string, store::ChangeRequestRow> by_id;
  for (const auto& r : requests()) by_id[r.request_id] = r;
  std::vector<store::AuditRow> changes;
  for (const auto& a : audit()) {
    if (a.event_type == "PARAMETER_CHANGE") changes.push_back(a);
  }
  auto report = rows(ReportName::kChangeHistory);
  ASSERT_EQ(report.size(), changes.size());
  int via_request = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto& row = report[i];
    EXPECT_EQ(row["seq"], std::to_string(changes[i].seq));
    const std::string id = changes[i].reason.substr(0, changes[i].reason.find(':'));
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      EXPECT_EQ(row["approval_status"], "direct") << changes[i].reason;
      continue;
    }
    ++via_request;
    EXPECT_EQ(row["request_id"], id);
    EXPECT_EQ(row["approval_status"], "approved");
    EXPECT_EQ(row["approver"], it->second.decided_by);
    EXPECT_EQ(row["justification"], it->second.justification);
    EXPECT_NEAR(num(row["estimated_cost_impact"]), it->second.cost_impact, 1e-6);
    EXPECT_EQ(row["risk_level"], it->second.risk_level);
    EXPECT_EQ(row["entry_hash"], changes[i].entry_hash);
  }
  EXPECT_EQ(via_request, 2);  // the published request's cell and its rollback's
}

TEST_F(GovernanceReports, AuditTrailCarriesTheRejectionAndTheImpactOfEachRequestEvent) {
  auto report = rows(ReportName::kAuditTrail);
  std::map<std::string, store::ChangeRequestRow> by_id;
  for (const auto& r : requests()) by_id[r.request_id] = r;
  int decisions = 0;
  for (auto& row : report) {
    if (row["event_type"] != "PARAMETER_APPROVAL") continue;
    ++decisions;
    const auto& r = by_id.at(row["request_id"]);
    EXPECT_EQ(row["approval_status"], r.state == "rejected" ? "rejected" : "approved");
    EXPECT_EQ(row["approver"], "bob");
    EXPECT_NEAR(num(row["cost_impact"]), r.cost_impact, 1e-6);
    EXPECT_EQ(num(row["employees_affected"]), r.employees_affected);
    const double c = std::fabs(r.cost_impact);
    EXPECT_EQ(row["impact_class"], c > 1e6 ? "HIGH" : c > 1e5 ? "MEDIUM" : "LOW");
  }
  EXPECT_EQ(decisions, 3);
}

TEST_F(GovernanceReports, ExecutiveSummaryTakesTheYearsOfTheLatestRunAndTheRequestsPerYear) {
  const auto all = requests();  // before the read-only open below
  auto db = store::Database::open(built().target.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto years = store::run_table(**db, built().run_id, "year_summary");
  ASSERT_TRUE(years.ok());
  auto report = rows(ReportName::kExecutiveSummary, "default");
  ASSERT_EQ(report.size(), years->rows.size());
  std::map<int, int> per_year, granted_per_year;
  for (const auto& r : all) {
    auto cells = store::request_cells(**db, r.request_id);
    ASSERT_TRUE(cells.ok());
    std::set<int> ys;
    for (const auto& c : *cells) ys.insert(c.year);
    for (int y : ys) {
      ++per_year[y];
      granted_per_year[y] += r.state != "rejected";
    }
  }
  for (std::size_t i = 0; i < report.size(); ++i) {
    auto& row = report[i];
    const int year = std::stoi(row["fiscal_year"]);
    EXPECT_EQ(row["run_id"], built().run_id);
    EXPECT_EQ(num(row["approval_requests"]), per_year[year]) << year;
    EXPECT_EQ(num(row["granted"]), granted_per_year[year]) << year;
    if (per_year[year] > 0) {
      EXPECT_NEAR(num(row["approval_rate_pct"]), 100.0 * granted_per_year[year] / per_year[year],
                  0.05);
    }
    EXPECT_FALSE(row["median_pay"].empty());
    EXPECT_GT(num(row["merit_increases_granted"]), 0);
  }
}

TEST_F(GovernanceReports, ComplianceChecksTheDefaultsStoredCellsAgainstThePolicyRanges) {
  auto db = store::Database::open(built().target.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto cells = store::stored_cells(**db, "default");
  ASSERT_TRUE(cells.ok());
  int checked = 0, compliant = 0;
  for (const auto& c : *cells) {
    double lo = 0, hi = 0;
    if (c.parameter_name == "merit_base")
      lo = 0.01, hi = 0.15;
    else if (c.parameter_name == "promotion_probability")
      hi = 0.25;
    else if (c.parameter_name == "cola_rate")
      hi = 0.05;
    else
      continue;
    ++checked;
    compliant += c.value >= lo && c.value <= hi;
  }
  auto report = rows(ReportName::kCompliance, "default");
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(num(report[0]["cells_checked"]), checked);
  EXPECT_EQ(num(report[0]["compliant"]), compliant);
}

TEST_F(GovernanceReports, CsvQuotesFieldsAndHtmlIsOneSelfContainedPage) {
  ReportTable t;
  t.title = "T <1>";
  t.columns = {"a", "b"};
  t.rows = {{std::string("x,\"y\""), std::nullopt}};
  EXPECT_EQ(report_csv(t), "a,b\r\n\"x,\"\"y\"\"\",\r\n");
  const std::string html = report_html(t);
  EXPECT_NE(html.find("T &lt;1&gt;"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST_F(GovernanceReports, UnknownReportNameListsTheNames) {
  auto r = parse_report_name("audit", "name");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().column, "name");
  EXPECT_NE(r.error().message.find("audit-trail, approvals"), std::string::npos);
  for (ReportName n : all_reports()) EXPECT_EQ(*parse_report_name(report_slug(n), "name"), n);
}

TEST_F(GovernanceReports, ExecutiveReportOfThePlanCarriesItsFiguresAndHashes) {
  ExecutiveReportRequest req;
  req.db_path = built().target.db_path;
  req.scenario = "default";
  req.generated_by = "carol";
  auto report = executive_report(req);
  ASSERT_TRUE(report.ok()) << report.error().to_string_all();
  const std::string& html = report->html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("@page"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find(built().run_id), std::string::npos);
  auto db = store::Database::open(req.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto run = store::get_run(**db, built().run_id);
  ASSERT_TRUE(run.ok());
  for (const std::string& h :
       {run->config_sha256, run->census_sha256, run->seeds_sha256, run->effective_levers_sha256}) {
    EXPECT_NE(html.find(h), std::string::npos) << h;
  }
  for (const auto& a : audit()) {
    if (a.event_type == "SCENARIO_PUBLISHED" || a.event_type == "PARAMETER_APPROVAL")
      EXPECT_NE(html.find(a.entry_hash), std::string::npos) << a.event_type;
  }
  auto years = store::run_table(**db, built().run_id, "year_summary");
  ASSERT_TRUE(years.ok());
  for (const auto& row : years->rows) {
    EXPECT_NE(html.find("<td class=\"l\">" + row[0].value_or("?") + "</td>"), std::string::npos);
  }
  EXPECT_NE(html.find("retention, level 3"), std::string::npos);
  EXPECT_NE(html.find("carol"), std::string::npos);
  // The run came after every publication: no warning that it is of an older plan.
  EXPECT_EQ(html.find("predates the latest publication"), std::string::npos);
}

TEST_F(GovernanceReports, ExecutiveReportSaysWhenItsRunPredatesTheLatestPublication) {
  test::TempDir dir;
  testing::copy_database(built().target.db_path, dir / "levers.duckdb");
  const std::string db_path = (dir / "levers.duckdb").string();
  {
    // The stored run moved an hour back, before the publications.
    auto db = store::Database::open(db_path, store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->query("UPDATE runs SET created_at = created_at - INTERVAL 1 HOUR").ok());
  }
  ExecutiveReportRequest req;
  req.db_path = db_path;
  req.scenario = "default";
  auto report = executive_report(req);
  ASSERT_TRUE(report.ok()) << report.error().to_string_all();
  EXPECT_NE(report->html.find("This run predates the latest publication"), std::string::npos);
}

TEST_F(GovernanceReports, ExecutiveReportOfARequestShowsPublishedAgainstProposed) {
  const auto all = requests();
  auto rejected =
      std::find_if(all.begin(), all.end(), [](const auto& r) { return r.state == "rejected"; });
  ASSERT_NE(rejected, all.end());
  ExecutiveReportRequest req;
  req.db_path = built().target.db_path;
  req.request_id = rejected->request_id;
  auto report = executive_report(req);
  ASSERT_TRUE(report.ok()) << report.error().to_string_all();
  EXPECT_NE(report->html.find("too costly"), std::string::npos);
  EXPECT_NE(report->html.find("cola_rate"), std::string::npos);
  EXPECT_EQ(report->html.find("<script"), std::string::npos);
  for (const auto& a : audit()) {
    if (a.details.find("\"request_id\":\"" + rejected->request_id + "\"") != std::string::npos)
      EXPECT_NE(report->html.find(a.entry_hash), std::string::npos) << a.event_type;
  }
}

TEST_F(GovernanceReports, ExecutiveReportWithoutAStoredRunSaysToRunTheScenarioFirst) {
  ExecutiveReportRequest req;
  req.db_path = built().target.db_path;
  req.scenario = "nowhere";
  auto report = executive_report(req);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(report.error().message.find("run a simulation of scenario nowhere first"),
            std::string::npos);
}

}  // namespace
}  // namespace planwise::app
