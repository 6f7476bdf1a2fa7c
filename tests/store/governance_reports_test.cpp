// The compliance report's definition (tuning.md §6.4, issue 11 item 5) on a
// database written through the store: the policy ranges' boundaries,
// approved against unapproved exceptions, inheritance, the 95 % rule; and
// the views' presence on read-write and read-only opens.
#include "store/governance_reports.hpp"

#include <gtest/gtest.h>

#include <map>

#include "store/audit_table.hpp"
#include "store/governance_tables.hpp"
#include "store/lever_tables.hpp"
#include "store/scenario_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

constexpr const char* kWhen = "2026-03-01T10:00:00Z";

class ComplianceFixture {
 public:
  explicit ComplianceFixture(Database& db) : db_(db) {}

  void scenario(const std::string& id, const std::string& base = "", bool inherits = false) {
    ScenarioRecord r;
    r.scenario_id = id;
    r.description = id;
    r.base_scenario_id = base;
    r.created_at = kWhen;
    r.created_by = "ana";
    ASSERT_TRUE(insert_scenario(db_, r).ok());
    ScenarioSettings s;
    s.inherits = inherits;
    ASSERT_TRUE(write_scenario_settings(db_, id, s).ok());
  }

  // A stored cell and its PARAMETER_CHANGE entry with `reason`.
  void cell(const std::string& scenario, const std::string& param, int year, int level,
            double value, const std::string& reason = "direct edit") {
    LeverCell c;
    c.scenario_id = scenario;
    c.fiscal_year = year;
    c.job_level = level;
    c.event_type = param == "promotion_probability" ? "PROMOTION" : "RAISE";
    c.parameter_name = param;
    c.value = value;
    c.updated_at = kWhen;
    c.updated_by = "ana";
    ASSERT_TRUE(upsert_cells(db_, {c}).ok());
    AuditRow a;
    a.seq = ++seq_;
    a.occurred_at = kWhen;
    a.event_type = "PARAMETER_CHANGE";
    a.scenario_id = scenario;
    a.fiscal_year = year;
    a.job_level = level;
    a.parameter_name = param;
    a.new_value = value;
    a.actor = "ana";
    a.reason = reason;
    a.prev_hash = "p";
    a.entry_hash = "h" + std::to_string(seq_);
    ASSERT_TRUE(append_audit_rows(db_, {a}).ok());
  }

  void request(const std::string& id, const std::string& scenario, bool published) {
    ChangeRequest r;
    r.row.request_id = id;
    r.row.scenario_id = scenario;
    r.row.kind = "change";
    r.row.state = published ? "published" : "approved";
    r.row.requester = "ana";
    r.row.justification = "why";
    r.row.created_at = kWhen;
    r.row.simulated_at = kWhen;
    r.row.submitted_at = kWhen;
    r.row.decided_at = kWhen;
    r.row.decided_by = "bob";
    if (published) r.row.published_at = kWhen;
    r.row.base_digest = "d";
    r.row.risk_level = "LOW";
    r.row.impact_class = "LOW";
    r.row.risk_factors = "[]";
    ASSERT_TRUE(insert_request(db_, r).ok());
  }

 private:
  Database& db_;
  std::int64_t seq_ = 0;
};

std::map<std::string, std::map<std::string, std::string>> by_scenario(const TextResult& t) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& row : t.rows) {
    auto& m = out[row[0].value_or("")];
    for (std::size_t i = 0; i < t.columns.size(); ++i) m[t.columns[i]] = row[i].value_or("NULL");
  }
  return out;
}

class ComplianceReport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "c.duckdb").string(), OpenMode::kReadWrite);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    db_ = std::move(opened).value();
    ASSERT_TRUE(db_->begin_transaction().ok());  // one commit: the fixture stays fast
    ComplianceFixture f(*db_);
    f.scenario("default");
    // The policy ranges are inclusive at both ends.
    f.cell("default", "merit_base", 2026, 1, 0.01);
    f.cell("default", "merit_base", 2026, 2, 0.15);
    f.cell("default", "promotion_probability", 2026, 1, 0.25);
    f.cell("default", "promotion_probability", 2026, 2, 0.0);
    f.cell("default", "cola_rate", 2026, 1, 0.05);
    f.cell("default", "cola_rate", 2026, 2, 0.0);
    // plan: 14 cells of its own over 6 of the default's, one exception set
    // by a published request: 19 of 20 compliant, exactly 95 %.
    f.scenario("plan", "default");
    f.request("CR-1", "plan", true);
    for (int year = 2026; year <= 2029; ++year) {
      for (int level = 1; level <= 2; ++level) {
        const bool exception = year == 2026 && level == 2;
        f.cell("plan", "merit_base", year, level, exception ? 0.16 : 0.03,
               exception ? "CR-1: retention" : "direct edit");
      }
    }
    for (int year = 2027; year <= 2029; ++year) {
      for (int level = 1; level <= 2; ++level)
        f.cell("plan", "promotion_probability", year, level, 0.1);
    }
    f.cell("plan", "cola_rate", 2027, 1, 0.02);
    f.cell("plan", "cola_rate", 2027, 2, 0.02);
    // heir inherits plan's exception (approved where it is stored) and adds
    // one through a request that was approved but never published.
    f.scenario("heir", "plan", true);
    f.request("CR-2", "heir", false);
    f.cell("heir", "cola_rate", 2026, 1, 0.0501, "CR-2: inflation");
    // edges: just outside each range, edited directly.
    f.scenario("edges", "default");
    f.cell("edges", "merit_base", 2026, 1, 0.0099999);
    f.cell("edges", "merit_base", 2026, 2, 0.1500001);
    f.cell("edges", "promotion_probability", 2026, 1, 0.2500001);
    f.cell("edges", "cola_rate", 2026, 1, 0.0500001);
    ASSERT_TRUE(db_->commit().ok());
  }

  std::map<std::string, std::map<std::string, std::string>> report() {
    auto r = read_governance_report(*db_, "v_compliance_report", "");
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? by_scenario(*r) : decltype(by_scenario(*r)){};
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(ComplianceReport, CountsValuesOnTheRangeBoundariesAsCompliant) {
  auto r = report();
  EXPECT_EQ(r["default"]["cells_checked"], "6");
  EXPECT_EQ(r["default"]["compliant"], "6");
  EXPECT_EQ(r["default"]["compliance_rate_pct"], "100.0");
  EXPECT_EQ(r["default"]["overall"], "FULLY_COMPLIANT");
}

TEST_F(ComplianceReport, CountsValuesJustOutsideEachRangeAsUnapprovedExceptions) {
  auto r = report();
  EXPECT_EQ(r["edges"]["cells_checked"], "6");
  EXPECT_EQ(r["edges"]["compliant"], "2");
  EXPECT_EQ(r["edges"]["unapproved_exceptions"], "4");
  EXPECT_EQ(r["edges"]["approved_exceptions"], "0");
  EXPECT_EQ(r["edges"]["overall"], "NON_COMPLIANT");
  for (const char* cell : {"merit_base 2026 L1 = 0.0099999 (unapproved)",
                           "merit_base 2026 L2 = 0.1500001", "promotion_probability 2026 L1",
                           "cola_rate 2026 L1 = 0.0500001"}) {
    EXPECT_NE(r["edges"]["exceptions"].find(cell), std::string::npos) << cell;
  }
}

TEST_F(ComplianceReport, IsCompliantWithExceptionsAtNinetyFivePercentWhenEveryExceptionIsApproved) {
  auto r = report();
  EXPECT_EQ(r["plan"]["cells_checked"], "20");
  EXPECT_EQ(r["plan"]["compliant"], "19");
  EXPECT_EQ(r["plan"]["approved_exceptions"], "1");
  EXPECT_EQ(r["plan"]["unapproved_exceptions"], "0");
  EXPECT_EQ(r["plan"]["compliance_rate_pct"], "95.0");
  EXPECT_EQ(r["plan"]["overall"], "COMPLIANT_WITH_EXCEPTIONS");
  EXPECT_NE(r["plan"]["exceptions"].find("merit_base 2026 L2 = 0.16 (CR-1)"), std::string::npos);
}

TEST_F(ComplianceReport, InheritsTheBasesCellsAndCountsAnUnpublishedRequestAsUnapproved) {
  auto r = report();
  EXPECT_EQ(r["heir"]["cells_checked"], "20");
  EXPECT_EQ(r["heir"]["compliant"], "18");
  EXPECT_EQ(r["heir"]["approved_exceptions"], "1");
  EXPECT_EQ(r["heir"]["unapproved_exceptions"], "1");
  EXPECT_EQ(r["heir"]["overall"], "NON_COMPLIANT");
}

TEST_F(ComplianceReport, FiltersByScenario) {
  auto r = read_governance_report(*db_, "v_compliance_report", "plan");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0][0], std::optional<std::string>("plan"));
}

TEST(GovernanceReportViews, AreCreatedOnReadWriteOpensAndEveryOneReads) {
  test::TempDir dir;
  auto db = Database::open((dir / "v.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  auto current = governance_report_views_current(**db);
  ASSERT_TRUE(current.ok());
  EXPECT_TRUE(*current);
  for (const GovernanceReportView& v : governance_report_views()) {
    auto rows = (*db)->query(std::string("SELECT * FROM ") + v.name);
    EXPECT_TRUE(rows.ok()) << v.name << ": " << rows.error().to_string();
  }
}

TEST(GovernanceReportViews, AreComputedOnAReadOnlyOpenOfAFileWithoutThem) {
  test::TempDir dir;
  const std::string path = (dir / "old.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)->execute("DROP VIEW v_compliance_report").ok());
  }
  auto db = Database::open(path, OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  auto rows = read_governance_report(**db, "v_compliance_report", "");
  EXPECT_TRUE(rows.ok()) << rows.error().to_string();
}

}  // namespace
}  // namespace planwise::store
