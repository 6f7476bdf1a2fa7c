// Golden pins of the engine's output (issue 13, "Pin first"; issue 15 item
// 5): every table of the bundled run (seed 42) and of a generated
// 60,000-person run (two seeds), as SHA-256 digests of each exported CSV,
// both as the run writes them (simulate --export) and as the store gives
// them back (table export). The bundled run is also pinned in readable
// form, so a change shows its numbers: the year summary and the
// compensation-growth table in full (to the cent), and the event counts by
// year, type, category and level, counted from the stored events table.
//
// A speed change must leave every pin alone. `make golden-update` sets
// PLANWISE_GOLDEN_UPDATE=1: the tests then rewrite tests/golden and print
// each changed line instead of failing. Otherwise any change fails, naming
// the file and its first differing line.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "app/census_generator.hpp"
#include "app/run_simulation.hpp"
#include "app/table_export.hpp"
#include "io/csv_reader.hpp"
#include "io/file_hash.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

fs::path golden_dir() {
  return test::source_dir() / "tests" / "golden";
}

bool updating() {
  const char* v = std::getenv("PLANWISE_GOLDEN_UPDATE");
  return v != nullptr && std::string(v) == "1";
}

// One line that differs between a pinned text and this run's (1-based; an
// empty side when one text is shorter).
struct LineChange {
  int line = 0;
  std::string pinned;
  std::string now;
};

std::vector<LineChange> changed_lines(const std::string& pinned, const std::string& now) {
  std::vector<LineChange> out;
  std::istringstream a(pinned), b(now);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) break;
    if (!more_a) la.clear();
    if (!more_b) lb.clear();
    if (la != lb || more_a != more_b) out.push_back({line, la, lb});
  }
  if (out.empty() && pinned != now) out.push_back({0, "(the newline at the end differs)", ""});
  return out;
}

// Every pin goes through here. Updating: prints each changed line of the
// file and rewrites it. Otherwise: fails on any difference, naming the
// file, its first differing line and how many lines differ.
void check_pin_in(const fs::path& dir, const std::string& name, const std::string& now) {
  const fs::path file = dir / name;
  const bool exists = fs::exists(file);
  const std::string pinned = exists ? test::read_file(file) : "";
  const std::vector<LineChange> changes = changed_lines(pinned, now);
  if (updating()) {
    for (const LineChange& c : changes) {
      std::cout << "golden " << file.string() << " line " << c.line << ":\n  - " << c.pinned
                << "\n  + " << c.now << "\n";
    }
    std::cout << "golden " << file.string() << ": "
              << (exists ? std::to_string(changes.size()) + " lines changed" : "created") << "\n";
    fs::create_directories(dir);
    test::write_file(file, now);
    return;
  }
  ASSERT_TRUE(exists) << file << " is missing: run make golden-update";
  if (changes.empty()) return;
  const LineChange& first = changes.front();
  ADD_FAILURE() << file.string() << " differs from this run at line " << first.line << " ("
                << changes.size() << " lines differ)\n  pinned: " << first.pinned
                << "\n  now:    " << first.now
                << "\nIf the change is intended, run make golden-update and commit the diff.";
}

void check_pin(const std::string& name, const std::string& now) {
  check_pin_in(golden_dir(), name, now);
}

// "<sha256>  <source>/<table>.csv" per line, sorted by name.
using Digests = std::map<std::string, std::string>;

std::string digest_text(const Digests& digests) {
  std::string out =
      "# SHA-256 of each exported table (tests/app/golden_outputs_test.cpp).\n"
      "# csv/: as simulate --export writes it; stored/: as the run store gives it back.\n"
      "# Rewritten by make golden-update.\n";
  for (const auto& [name, sha] : digests) out += sha + "  " + name + "\n";
  return out;
}

Digests parse_digests(const std::string& text) {
  Digests out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t gap = line.find("  ");
    if (gap == std::string::npos) continue;
    out[line.substr(gap + 2)] = line.substr(0, gap);
  }
  return out;
}

// Events per (year, type, category, level before the event), counted from
// an events table as CSV: "simulation_year,event_type,event_category,
// level_id,events", sorted by those columns.
std::string event_counts_csv(const std::string& events_csv) {
  auto table = io::parse_csv_text(events_csv, "stored/yearly_events.csv");
  EXPECT_TRUE(table.ok()) << table.error().to_string_all();
  if (!table.ok()) return "";
  std::size_t column[4];
  const char* names[4] = {"simulation_year", "event_type", "event_category", "level_id"};
  for (int c = 0; c < 4; ++c) {
    auto index = io::require_column(*table, names[c]);
    EXPECT_TRUE(index.ok()) << names[c];
    if (!index.ok()) return "";
    column[c] = *index;
  }
  std::map<std::tuple<int, std::string, std::string, int>, std::int64_t> counts;
  for (std::size_t r = 0; r < table->rows(); ++r) {
    ++counts[{std::stoi(std::string(table->cell(r, column[0]))),
              std::string(table->cell(r, column[1])), std::string(table->cell(r, column[2])),
              std::stoi(std::string(table->cell(r, column[3])))}];
  }
  std::string out = "simulation_year,event_type,event_category,level_id,events\n";
  for (const auto& [key, n] : counts) {
    out += std::to_string(std::get<0>(key)) + "," + std::get<1>(key) + "," + std::get<2>(key) +
           "," + std::to_string(std::get<3>(key)) + "," + std::to_string(n) + "\n";
  }
  return out;
}

struct RunTables {
  Digests digests;
  std::map<std::string, std::string> exported;  // table -> CSV as simulate --export writes it
  std::map<std::string, std::string> stored;    // table -> CSV as the store gives it back
};

// Simulates into a fresh database with a fixed run id, exports the tables
// both ways and hashes them.
RunTables run_and_hash(const TempDir& dir, const std::optional<fs::path>& census,
                       std::uint64_t seed) {
  RunTables out;
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.inputs.census_path = census;
  r.inputs.seed = seed;
  r.db_path = (dir / "golden.duckdb").string();
  r.export_dir = dir / "export";
  r.run_id = "golden";
  auto outcome = run_simulation(r, {});
  EXPECT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  if (!outcome.ok()) return out;
  std::vector<std::string> tables;
  for (const fs::path& file : outcome->exported) {
    if (file.extension() != ".csv") continue;  // run_manifest.json holds times and paths
    std::string csv = test::read_file(file);
    out.digests["csv/" + file.filename().string()] = io::sha256_text(csv);
    tables.push_back(file.stem().string());
    out.exported[file.stem().string()] = std::move(csv);
  }
  EXPECT_GE(tables.size(), 9u);
  for (const std::string& table : tables) {
    std::string csv;
    const Status s = stream_table_csv(
        *r.db_path, "golden", table, PersonalData::kFull,
        [&](const char* data, std::size_t size) {
          csv.append(data, size);
          return true;
        },
        CreatedAt::kLogical);
    EXPECT_TRUE(s.ok()) << table << ": " << s.error().to_string_all();
    out.digests["stored/" + table + ".csv"] = io::sha256_text(csv);
    out.stored[table] = std::move(csv);
  }
  return out;
}

void check_digests(const std::string& case_name, const Digests& now) {
  ASSERT_FALSE(now.empty());
  check_pin(case_name + ".sha256", digest_text(now));
}

// Column `name` of a CSV text, one value per row.
std::vector<std::string> csv_column(const std::string& csv, const std::string& name) {
  std::vector<std::string> out;
  auto table = io::parse_csv_text(csv, "pinned.csv");
  EXPECT_TRUE(table.ok()) << table.error().to_string_all();
  if (!table.ok()) return out;
  auto c = io::require_column(*table, name);
  EXPECT_TRUE(c.ok()) << name;
  if (!c.ok()) return out;
  for (std::size_t r = 0; r < table->rows(); ++r) out.emplace_back(table->cell(r, *c));
  return out;
}

// The event counts must add up to the year summary's event columns, so the
// pinned counts are the events table's and not some other tally.
void expect_counts_match_summary(const std::string& counts_csv, const std::string& summary_csv) {
  const std::vector<std::string> years = csv_column(summary_csv, "simulation_year");
  const std::vector<std::string> year_col = csv_column(counts_csv, "simulation_year");
  const std::vector<std::string> category = csv_column(counts_csv, "event_category");
  const std::vector<std::string> events = csv_column(counts_csv, "events");
  ASSERT_FALSE(years.empty());
  ASSERT_EQ(year_col.size(), events.size());
  const std::pair<const char*, const char*> columns[] = {
      {"hire", "hires"},
      {"experienced_termination", "experienced_terminations"},
      {"new_hire_termination", "new_hire_terminations"},
      {"promotion", "promotions"},
      {"merit_cola", "raises"}};
  for (const auto& [cat, summary_column] : columns) {
    const std::vector<std::string> expected = csv_column(summary_csv, summary_column);
    ASSERT_EQ(expected.size(), years.size());
    for (std::size_t y = 0; y < years.size(); ++y) {
      std::int64_t sum = 0;
      for (std::size_t r = 0; r < events.size(); ++r) {
        if (year_col[r] == years[y] && category[r] == cat) sum += std::stoll(events[r]);
      }
      EXPECT_EQ(std::to_string(sum), expected[y]) << years[y] << " " << cat;
    }
  }
}

TEST(GoldenSlow, BundledRunSeed42MatchesItsPins) {
  TempDir dir;
  const RunTables run = run_and_hash(dir, std::nullopt, 42);
  ASSERT_FALSE(run.digests.empty());
  ASSERT_EQ(run.exported.count("year_summary"), 1u);
  ASSERT_EQ(run.exported.count("compensation_growth"), 1u);
  ASSERT_EQ(run.stored.count("yearly_events"), 1u);
  const std::string counts = event_counts_csv(run.stored.at("yearly_events"));
  expect_counts_match_summary(counts, run.exported.at("year_summary"));
  check_digests("bundled_seed42", run.digests);
  check_pin("bundled_seed42_year_summary.csv", run.exported.at("year_summary"));
  check_pin("bundled_seed42_compensation_growth.csv", run.exported.at("compensation_growth"));
  check_pin("bundled_seed42_event_counts.csv", counts);
}

// The 60,000-person census comes from gen-census (deterministic per seed),
// so the pin needs no large file in the repository.
class GoldenGenerated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    CensusSpec spec;
    spec.employees = 60000;
    spec.seed = 20261127;
    const Status s = generate_census(spec, census());
    ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path census() { return *dir_ / "census_60000.csv"; }
  static TempDir* dir_;
};
TempDir* GoldenGenerated::dir_ = nullptr;

TEST_F(GoldenGenerated, Slow60000Seed42MatchesItsPins) {
  TempDir dir;
  check_digests("generated60000_seed42", run_and_hash(dir, census(), 42).digests);
}

TEST_F(GoldenGenerated, Slow60000Seed7MatchesItsPins) {
  TempDir dir;
  check_digests("generated60000_seed7", run_and_hash(dir, census(), 7).digests);
}

// The pins are only worth something if a changed number changes them.
TEST(GoldenSlow, AnotherSeedGivesOtherDigests) {
  TempDir dir;
  const Digests other = run_and_hash(dir, std::nullopt, 43).digests;
  const Digests pinned = parse_digests(test::read_file(golden_dir() / "bundled_seed42.sha256"));
  ASSERT_FALSE(pinned.empty());
  EXPECT_NE(other.at("stored/yearly_events.csv"), pinned.at("stored/yearly_events.csv"));
  EXPECT_NE(other.at("csv/year_summary.csv"), pinned.at("csv/year_summary.csv"));
}

// A changed pin fails naming the file and its first differing line.
TEST(GoldenPins, AChangedPinFailsNamingTheFileAndTheFirstDifferingLine) {
  if (updating()) GTEST_SKIP() << "make golden-update rewrites pins instead of failing";
  TempDir dir;
  test::write_file(dir / "table.csv", "year,value\n2025,1.00\n2026,2.00\n2027,3.00\n");
  check_pin_in(dir.path(), "table.csv", "year,value\n2025,1.00\n2026,2.00\n2027,3.00\n");
  EXPECT_NONFATAL_FAILURE(
      check_pin_in(dir.path(), "table.csv", "year,value\n2025,1.00\n2026,2.01\n2027,3.01\n"),
      "table.csv differs from this run at line 3 (2 lines differ)\n  pinned: 2026,2.00\n"
      "  now:    2026,2.01");
  EXPECT_NONFATAL_FAILURE(check_pin_in(dir.path(), "table.csv", "year,value\n2025,1.00\n"),
                          "differs from this run at line 3 (2 lines differ)");
  EXPECT_NONFATAL_FAILURE(
      check_pin_in(dir.path(), "table.csv", "year,value\n2025,1.00\n2026,2.00\n2027,3.00"),
      "the newline at the end differs");
}

// The filter of `make golden-update`, with a $(VARIABLE) resolved from its
// assignment in the Makefile.
std::string golden_update_filter() {
  const std::string makefile = test::read_file(test::source_dir() / "Makefile");
  std::smatch m;
  if (!std::regex_search(makefile, m,
                         std::regex("PLANWISE_GOLDEN_UPDATE=1 [^\n]*--gtest_filter='([^']*)'")))
    return "";
  std::string filter = m[1];
  if (std::regex_match(filter, m, std::regex("\\$\\(([A-Z_]+)\\)"))) {
    const std::regex assignment("(^|\n)" + std::string(m[1]) + " *[?]?= *([^\n]*)");
    if (!std::regex_search(makefile, m, assignment)) return "";
    filter = m[2];
  }
  while (!filter.empty() && filter.back() == ' ') filter.pop_back();
  return filter;
}

// gtest's filter syntax: positive patterns, then '-' and negative ones,
// each ':'-separated, with * and ?.
bool glob(const char* pattern, const char* name) {
  if (*pattern == '\0') return *name == '\0';
  if (*pattern == '*') return glob(pattern + 1, name) || (*name != '\0' && glob(pattern, name + 1));
  if (*name == '\0') return false;
  return (*pattern == '?' || *pattern == *name) && glob(pattern + 1, name + 1);
}
bool any_glob(const std::string& patterns, const std::string& name) {
  std::istringstream in(patterns);
  std::string p;
  while (std::getline(in, p, ':')) {
    if (glob(p.c_str(), name.c_str())) return true;
  }
  return false;
}
bool filter_matches(const std::string& filter, const std::string& name) {
  const std::size_t dash = filter.find('-');
  const std::string positive = filter.substr(0, dash);
  const std::string negative = dash == std::string::npos ? "" : filter.substr(dash + 1);
  return any_glob(positive.empty() ? "*" : positive, name) && !any_glob(negative, name);
}

// Issue 15: `make golden-update` once matched no test and did nothing. Its
// filter must select every test of this file, and only those.
TEST(GoldenPins, MakeGoldenUpdateRunsEveryGoldenTestAndNoOther) {
  const std::string filter = golden_update_filter();
  ASSERT_FALSE(filter.empty())
      << "no PLANWISE_GOLDEN_UPDATE=1 ... --gtest_filter='...' in Makefile";
  int golden = 0;
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int s = 0; s < unit.total_test_suite_count(); ++s) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(s);
    for (int t = 0; t < suite.total_test_count(); ++t) {
      const ::testing::TestInfo& info = *suite.GetTestInfo(t);
      const std::string name = std::string(info.test_suite_name()) + "." + info.name();
      const bool in_this_file =
          std::string(info.file()).find("golden_outputs_test.cpp") != std::string::npos;
      golden += in_this_file ? 1 : 0;
      EXPECT_EQ(filter_matches(filter, name), in_this_file) << name << " against " << filter;
    }
  }
  EXPECT_GE(golden, 6);
}

}  // namespace
}  // namespace planwise::app
