// Golden pins of the engine's output (issue 13, "Pin first"): every table of
// the bundled run (seed 42) and of a generated 60,000-person run (two seeds),
// as SHA-256 digests of each exported CSV, both as the run writes them
// (simulate --export) and as the store gives them back (table export). The
// bundled year summary is pinned in full, so a change shows its numbers.
//
// A speed change must leave every digest alone. `make golden-update` sets
// PLANWISE_GOLDEN_UPDATE=1: the test then rewrites tests/golden and prints
// what changed instead of failing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/census_generator.hpp"
#include "app/run_simulation.hpp"
#include "app/table_export.hpp"
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

struct RunTables {
  Digests digests;
  std::string year_summary_csv;  // as simulate --export writes it
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
    out.digests["csv/" + file.filename().string()] = io::sha256_text(test::read_file(file));
    tables.push_back(file.stem().string());
    if (file.stem() == "year_summary") out.year_summary_csv = test::read_file(file);
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
  }
  return out;
}

// Compares with the pinned file, or rewrites it and prints what changed.
void check_digests(const std::string& case_name, const Digests& now) {
  const fs::path file = golden_dir() / (case_name + ".sha256");
  const Digests pinned = fs::exists(file) ? parse_digests(test::read_file(file)) : Digests{};
  if (updating()) {
    int changed = 0;
    for (const auto& [name, sha] : now) {
      const auto it = pinned.find(name);
      if (it == pinned.end()) {
        std::cout << "golden " << case_name << ": " << name << " added " << sha << "\n";
        ++changed;
      } else if (it->second != sha) {
        std::cout << "golden " << case_name << ": " << name << " changed " << it->second << " -> "
                  << sha << "\n";
        ++changed;
      }
    }
    for (const auto& [name, sha] : pinned) {
      if (now.count(name) == 0) {
        std::cout << "golden " << case_name << ": " << name << " removed\n";
        ++changed;
      }
    }
    std::cout << "golden " << case_name << ": " << changed << " of " << now.size()
              << " tables changed\n";
    fs::create_directories(golden_dir());
    test::write_file(file, digest_text(now));
    return;
  }
  ASSERT_FALSE(pinned.empty()) << file << " is missing: run make golden-update";
  for (const auto& [name, sha] : pinned) {
    const auto it = now.find(name);
    if (it == now.end()) {
      ADD_FAILURE() << case_name << ": " << name << " is pinned but was not exported";
    } else {
      EXPECT_EQ(it->second, sha) << case_name << ": " << name << " differs from its pin";
    }
  }
  for (const auto& [name, sha] : now) {
    EXPECT_EQ(pinned.count(name), 1u) << case_name << ": " << name << " has no pin";
  }
}

void check_year_summary(const std::string& now) {
  const fs::path file = golden_dir() / "bundled_seed42_year_summary.csv";
  if (updating()) {
    const std::string before = fs::exists(file) ? test::read_file(file) : "";
    if (before != now) {
      std::istringstream a(before), b(now);
      std::string la, lb;
      int line = 0;
      while (true) {
        const bool more_a = static_cast<bool>(std::getline(a, la));
        const bool more_b = static_cast<bool>(std::getline(b, lb));
        if (!more_a && !more_b) break;
        ++line;
        if (!more_a) la.clear();
        if (!more_b) lb.clear();
        if (la != lb) {
          std::cout << "golden year_summary line " << line << ":\n  - " << la << "\n  + " << lb
                    << "\n";
        }
      }
    }
    test::write_file(file, now);
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " is missing: run make golden-update";
  EXPECT_EQ(now, test::read_file(file)) << "the bundled year summary differs from its pin";
}

TEST(GoldenSlow, BundledRunSeed42MatchesItsPins) {
  TempDir dir;
  const RunTables run = run_and_hash(dir, std::nullopt, 42);
  ASSERT_FALSE(run.digests.empty());
  ASSERT_FALSE(run.year_summary_csv.empty());
  check_digests("bundled_seed42", run.digests);
  check_year_summary(run.year_summary_csv);
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

}  // namespace
}  // namespace planwise::app
