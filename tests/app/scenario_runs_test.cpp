// Issue 3 "done when": a copied scenario with one changed lever differs from
// its base only through that lever; with common random numbers the same
// people leave and are hired in both. Also scenario diff and delete with runs.
#include <gtest/gtest.h>

#include "app/lever_commands_fixture.hpp"

namespace planwise::app {
namespace {

using namespace planwise::app::testing;
namespace fs = std::filesystem;
using engine::LeverParam;
using test::TempDir;

// ---- scenarios with runs; one changed lever under common random numbers ----

// A scenario "b" copied from default with merit_base 2027 = 0.06 at every
// level, and one stored, exported run of each (same seed).
struct ScenarioPair {
  TempDir dir;
  std::string db_path;
  std::string error;
  std::string run_default;
  std::string run_b;
};

class SameSeedTwoScenarios : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    runs_ = std::make_unique<ScenarioPair>();
    ScenarioPair& r = *runs_;
    r.db_path = (r.dir / "runs.duckdb").string();
    copy_database(seeded_template(), r.db_path);
    LeverTarget b = target_in(r.dir, "b");
    b.db_path = r.db_path;
    Status created = create_scenario(b, "default", "merit 2027 test", "ana", "test");
    if (!created.ok()) {
      r.error = created.error().to_string_all();
      return;
    }
    auto changed = set(b, {"merit_base=0.06"}, where("2027"));
    if (!changed.ok()) {
      r.error = changed.error().to_string_all();
      return;
    }
    for (const std::string scenario : {"default", "b"}) {
      SimulateRequest req;
      req.inputs.data_dir = test::data_dir();
      req.inputs.scenario = scenario;
      req.db_path = r.db_path;
      req.export_dir = r.dir / scenario;
      req.actor = "ana";
      auto outcome = run_simulation(req, {});
      if (!outcome.ok()) {
        r.error = outcome.error().to_string_all();
        return;
      }
      (scenario == "b" ? r.run_b : r.run_default) = outcome->run_id.value_or("");
    }
  }
  static void TearDownTestSuite() { runs_.reset(); }

  void SetUp() override { ASSERT_TRUE(runs_->error.empty()) << runs_->error; }

  static inline std::unique_ptr<ScenarioPair> runs_;
};

// A CSV file as lines and fields (fields may be quoted).
struct CsvFile {
  std::vector<std::string> header;
  std::vector<std::string> lines;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

CsvFile read_csv(const fs::path& path) {
  CsvFile f;
  const std::string text = test::read_file(path);
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (first) {
      f.header = split_csv_line(line);
      first = false;
      continue;
    }
    f.lines.push_back(line);
    f.rows.push_back(split_csv_line(line));
  }
  return f;
}

// Rows of `year` with the columns that name the lever scenario blanked:
// they say which scenario ran, not what happened.
std::vector<std::string> events_of_year_without_scenario(const CsvFile& f, int year) {
  const std::size_t y = f.col("simulation_year"), s = f.col("parameter_scenario_id"),
                    src = f.col("parameter_source");
  std::vector<std::string> out;
  for (std::vector<std::string> row : f.rows) {
    if (row[y] != std::to_string(year)) continue;
    row[s].clear();
    row[src].clear();
    std::string joined;
    for (const std::string& v : row) joined += v + ",";
    out.push_back(joined);
  }
  return out;
}

TEST_F(SameSeedTwoScenarios, SamePeopleLeaveAndAreHiredInEveryYear) {
  const CsvFile a = read_csv(runs_->dir / "default" / "yearly_events.csv");
  const CsvFile b = read_csv(runs_->dir / "b" / "yearly_events.csv");
  const std::size_t id = a.col("employee_id"), year = a.col("simulation_year"),
                    cat = a.col("event_category"), date = a.col("effective_date");
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  auto people = [&](const CsvFile& f) {
    std::multiset<Key> out;
    for (const auto& row : f.rows) {
      if (row[cat] == "experienced_termination" || row[cat] == "new_hire_termination" ||
          row[cat] == "hire")
        out.insert({row[cat], row[year], row[id], row[date]});
    }
    return out;
  };
  const auto pa = people(a);
  const auto pb = people(b);
  EXPECT_GT(pa.size(), 8000u);
  EXPECT_TRUE(pa == pb) << pa.size() << " vs " << pb.size();
  for (const char* c : {"experienced_termination", "new_hire_termination", "hire"}) {
    const auto n =
        std::count_if(pa.begin(), pa.end(), [&](const Key& k) { return std::get<0>(k) == c; });
    EXPECT_GT(n, 0) << c;
  }
  // Promotions do not depend on merit either: same people, dates and levels.
  const std::size_t level = a.col("level_id"), new_level = a.col("new_level_id");
  auto promotions = [&](const CsvFile& f) {
    std::vector<std::string> out;
    for (const auto& row : f.rows) {
      if (row[cat] == "promotion")
        out.push_back(row[year] + row[id] + row[date] + row[level] + ">" + row[new_level]);
    }
    return out;
  };
  EXPECT_EQ(promotions(a), promotions(b));
}

TEST_F(SameSeedTwoScenarios, YearsBeforeTheChangedLeverAreIdentical) {
  const CsvFile a = read_csv(runs_->dir / "default" / "yearly_events.csv");
  const CsvFile b = read_csv(runs_->dir / "b" / "yearly_events.csv");
  for (int year : {2025, 2026}) {
    const auto ea = events_of_year_without_scenario(a, year);
    EXPECT_GT(ea.size(), 1000u);
    EXPECT_TRUE(ea == events_of_year_without_scenario(b, year)) << year;
  }
  const CsvFile sa = read_csv(runs_->dir / "default" / "workforce_snapshot.csv");
  const CsvFile sb = read_csv(runs_->dir / "b" / "workforce_snapshot.csv");
  const std::size_t y = sa.col("simulation_year");
  ASSERT_EQ(sa.rows.size(), sb.rows.size());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < sa.rows.size(); ++i) {
    if (sa.rows[i][y] != "2025" && sa.rows[i][y] != "2026") continue;
    EXPECT_EQ(sa.lines[i], sb.lines[i]) << "snapshot row " << i + 2;
    ++compared;
  }
  EXPECT_GT(compared, 9000u);
  // Later years: the same people with the same status, level and dates;
  // only pay differs.
  const std::size_t emp = sa.col("employee_id"), status = sa.col("employment_status"),
                    lvl = sa.col("level_id"), term = sa.col("termination_date"),
                    pay = sa.col("current_compensation");
  std::size_t pay_differs = 0;
  for (std::size_t i = 0; i < sa.rows.size(); ++i) {
    const auto& ra = sa.rows[i];
    const auto& rb = sb.rows[i];
    EXPECT_EQ(std::tie(ra[emp], ra[y], ra[status], ra[lvl], ra[term]),
              std::tie(rb[emp], rb[y], rb[status], rb[lvl], rb[term]))
        << "snapshot row " << i + 2;
    if (ra[pay] != rb[pay]) ++pay_differs;
  }
  EXPECT_GT(pay_differs, 1000u) << "the changed merit must show in later pay";
}

TEST_F(SameSeedTwoScenarios, RaisesOfTheChangedYearDifferOnlyInMeritAndAmounts) {
  const CsvFile a = read_csv(runs_->dir / "default" / "yearly_events.csv");
  const CsvFile b = read_csv(runs_->dir / "b" / "yearly_events.csv");
  const std::size_t year = a.col("simulation_year"), type = a.col("event_type"),
                    merit = a.col("merit_rate"), lvl = a.col("level_id");
  const std::set<std::size_t> may_differ = {
      a.col("merit_rate"),    a.col("compensation_amount"),   a.col("previous_compensation"),
      a.col("event_details"), a.col("parameter_scenario_id"), a.col("parameter_source")};
  auto raises_2027 = [&](const CsvFile& f) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : f.rows) {
      if (row[year] == "2027" && row[type] == "raise") out.push_back(row);
    }
    return out;
  };
  const auto ra = raises_2027(a);
  const auto rb = raises_2027(b);
  ASSERT_EQ(ra.size(), rb.size());
  ASSERT_GT(ra.size(), 4000u);
  const double bundled_merit[] = {0.04037420979255127, 0.03034019072050115, 0.025306171648451038,
                                  0.02027215257640092, 0.02023813350435081};
  std::size_t amount_differs = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    for (std::size_t c = 0; c < a.header.size(); ++c) {
      if (may_differ.count(c)) continue;
      EXPECT_EQ(ra[i][c], rb[i][c]) << a.header[c] << " of raise " << i;
    }
    EXPECT_EQ(std::stod(rb[i][merit]), 0.06) << i;
    const int level = std::stoi(ra[i][lvl]);
    EXPECT_EQ(std::stod(ra[i][merit]), bundled_merit[level - 1]) << i;
    if (ra[i][a.col("compensation_amount")] != rb[i][a.col("compensation_amount")])
      ++amount_differs;
  }
  EXPECT_EQ(amount_differs, ra.size()) << "a higher merit raises every 2027 raise";
}

TEST_F(SameSeedTwoScenarios, EachRunIsAuditedWithItsOwnEffectiveLeverHash) {
  auto db = store::Database::open(runs_->db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  auto runs = store::list_runs(**db);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  std::map<std::string, std::string> hash_of;
  for (const store::RunRecord& r : *runs) {
    EXPECT_EQ(r.effective_levers_sha256.size(), 64u);
    EXPECT_EQ(r.seed, 42u);
    hash_of[r.scenario] = r.effective_levers_sha256;
    EXPECT_EQ(r.run_id, r.scenario == "b" ? runs_->run_b : runs_->run_default);
  }
  ASSERT_EQ(hash_of.size(), 2u);
  EXPECT_NE(hash_of["default"], hash_of["b"]);

  auto audit = store::all_audit_rows(**db);
  ASSERT_TRUE(audit.ok());
  int run_entries = 0;
  for (const store::AuditRow& a : *audit) {
    if (a.event_type != "SIMULATION_RUN") continue;
    ++run_entries;
    const std::string& run_id = a.scenario_id == "b" ? runs_->run_b : runs_->run_default;
    EXPECT_NE(a.details.find(run_id), std::string::npos) << a.details;
    EXPECT_NE(a.details.find(hash_of[a.scenario_id]), std::string::npos) << a.details;
    EXPECT_EQ(a.actor, "ana");
  }
  EXPECT_EQ(run_entries, 2);
  auto verified = levers::verify_audit(**db);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact) << verified->problem;
}

TEST_F(SameSeedTwoScenarios, DiffListsTheChangedLeverAndYearByYearMetrics) {
  LeverTarget a = target_in(runs_->dir);
  a.db_path = runs_->db_path;
  auto d = diff_scenarios(a, "b");
  ASSERT_TRUE(d.ok()) << d.error().to_string_all();
  ASSERT_EQ(d->cells.size(), 5u);
  for (const levers::ScenarioDiff::Cell& c : d->cells) {
    EXPECT_EQ(c.param, LeverParam::kMeritBase);
    EXPECT_EQ(c.year, 2027);
    EXPECT_EQ(c.b, 0.06);
  }
  EXPECT_EQ(d->run_a, runs_->run_default);
  EXPECT_EQ(d->run_b, runs_->run_b);
  ASSERT_EQ(d->years.size(), 5u);
  for (std::size_t i = 0; i < d->years.size(); ++i) {
    const levers::ScenarioDiff::YearMetrics& y = d->years[i];
    EXPECT_EQ(y.year, 2025 + static_cast<int>(i));
    EXPECT_EQ(y.end_headcount_a, y.end_headcount_b) << y.year;
    EXPECT_GT(y.end_headcount_a, 4000) << y.year;
    if (y.year < 2027) {
      EXPECT_EQ(y.avg_fye_a, y.avg_fye_b) << y.year;
      EXPECT_EQ(y.total_cost_a, y.total_cost_b) << y.year;
    } else {
      EXPECT_GT(y.avg_fye_b, y.avg_fye_a) << y.year;
      EXPECT_GT(y.total_cost_b, y.total_cost_a) << y.year;
    }
  }
  EXPECT_GT(d->years[2].growth_b, d->years[2].growth_a);
}

TEST_F(SameSeedTwoScenarios, ScenarioWithAStoredRunCannotBeDeleted) {
  LeverTarget b = target_in(runs_->dir, "b");
  b.db_path = runs_->db_path;
  Status s = delete_scenario(b, "ana", "test");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_NE(s.error().message.find("1 stored runs"), std::string::npos) << s.error().message;
  auto list = list_scenarios(b);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

}  // namespace
}  // namespace planwise::app
