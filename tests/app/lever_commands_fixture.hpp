// Helpers of the lever use-case tests: databases seeded once from the
// bundled levers and copied per test, and readers of a database's state.
#pragma once

#include "app/lever_commands.hpp"
#include "app/scenario_commands.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/run_simulation.hpp"
#include "io/lever_csv_reader.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/lever_tables.hpp"
#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::app::testing {

namespace fs = std::filesystem;
using engine::LeverParam;
using test::TempDir;

inline LeverTarget target_in(const TempDir& dir, const std::string& scenario = "default") {
  LeverTarget t;
  t.inputs.data_dir = test::data_dir();
  t.db_path = (dir / "levers.duckdb").string();
  t.scenario = scenario;
  return t;
}

// Seeding a new database with the bundled levers takes about a third of a
// second, so it is done once; tests that do not test the seeding itself
// start from a copy.
inline void copy_database(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to);
  if (fs::exists(from.string() + ".wal"))
    fs::copy_file(from.string() + ".wal", to.string() + ".wal");
}

inline const fs::path& seeded_template() {
  static const TempDir dir;
  static const fs::path file = [] {
    auto made = list_scenarios(target_in(dir));
    EXPECT_TRUE(made.ok()) << made.error().to_string_all();
    return dir / "levers.duckdb";
  }();
  return file;
}

// dir/levers.duckdb holding the bundled levers as `default`.
inline void use_seeded_db(const TempDir& dir) {
  copy_database(seeded_template(), dir / "levers.duckdb");
}

inline SelectorText where(const std::string& year, const std::string& level = "all") {
  SelectorText s;
  s.year = year;
  s.level = level;
  return s;
}

inline Result<LeverWriteOutcome> set(const LeverTarget& t,
                                     const std::vector<std::string>& assignments,
                                     const SelectorText& w, bool dry_run = false,
                                     const std::string& actor = "ana",
                                     const std::string& reason = "test") {
  SetLeversRequest r;
  r.target = t;
  r.assignments = assignments;
  r.where = w;
  r.actor = actor;
  r.reason = reason;
  r.dry_run = dry_run;
  return set_levers(r);
}

// What a database holds, read after the use case closed it.
struct StoreState {
  std::vector<store::AuditRow> audit;
  std::map<std::string, std::vector<store::LeverCell>> cells;
};
inline StoreState state_of(const std::string& db_path, const std::vector<std::string>& scenarios) {
  StoreState s;
  auto db = store::Database::open(db_path, store::OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  if (!db.ok()) return s;
  auto audit = store::all_audit_rows(**db);
  EXPECT_TRUE(audit.ok());
  s.audit = *audit;
  for (const std::string& id : scenarios) {
    auto cells = store::stored_cells(**db, id);
    EXPECT_TRUE(cells.ok());
    s.cells[id] = *cells;
  }
  return s;
}

inline void expect_same_cells(const std::vector<store::LeverCell>& a,
                              const std::vector<store::LeverCell>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].parameter_name, b[i].parameter_name) << i;
    EXPECT_EQ(a[i].fiscal_year, b[i].fiscal_year) << i;
    EXPECT_EQ(a[i].job_level, b[i].job_level) << i;
    EXPECT_EQ(a[i].value, b[i].value) << i;
    EXPECT_EQ(a[i].is_locked, b[i].is_locked) << i;
    EXPECT_EQ(a[i].updated_at, b[i].updated_at) << i;
  }
}

}  // namespace planwise::app::testing
