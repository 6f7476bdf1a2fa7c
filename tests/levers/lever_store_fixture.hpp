// Shared by the lever store tests: a database seeded with the bundled
// levers, copied from a template made once per test binary.
#pragma once

#include "levers/lever_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/lever_csv_reader.hpp"
#include "io/seed_reader.hpp"
#include "levers/audit_trail.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/lever_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::levers::testing {

using engine::LeverParam;
using engine::ParamSource;

constexpr int kFirstYear = 2025;
constexpr int kLastYear = 2029;
constexpr int kLevels = 5;

namespace fs = std::filesystem;

// The bundled levers are seeded once into a template database that every
// test copies, so each test starts from the same file.
struct Seeded {
  test::TempDir dir;
  engine::SeedTables seeds;
  std::vector<engine::LeverRow> bundled;
  std::string error;
};

// The bundled seed tables and levers (data/seeds); "" or the error.
inline std::string read_bundled(engine::SeedTables& seeds, std::vector<engine::LeverRow>& rows) {
  auto read = io::read_seed_tables(test::data_dir() / "seeds", "general_corporate");
  if (!read.ok()) return read.error().to_string_all();
  seeds = std::move(read).value();
  auto file =
      io::read_lever_csv(test::data_dir() / "seeds" / "comp_levers.csv", seeds.level_count());
  if (!file.ok()) return file.error().to_string_all();
  rows = std::move(file->rows);
  return "";
}

class LeverStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = std::make_unique<Seeded>();
    shared_->error = read_bundled(shared_->seeds, shared_->bundled);
    if (shared_->error.empty())
      shared_->error = seed_file(shared_->dir / "template.duckdb", shared_->bundled);
  }
  static void TearDownTestSuite() { shared_.reset(); }

  // Writes a database whose default scenario holds `rows`; "" or the error.
  static std::string seed_file(const fs::path& path, const std::vector<engine::LeverRow>& rows) {
    auto db = store::Database::open(path.string(), store::OpenMode::kReadWrite);
    if (!db.ok()) return db.error().to_string();
    LeverStore store(**db, shared_->seeds);
    Status s = store.seed_default_if_empty(rows, "comp_levers.csv", ctx("system"));
    if (!s.ok()) return s.error().to_string();
    Status checkpoint = (*db)->execute("CHECKPOINT");
    return checkpoint.ok() ? "" : checkpoint.error().to_string();
  }

  void SetUp() override {
    ASSERT_TRUE(shared_->error.empty()) << shared_->error;
    bundled_ = shared_->bundled;
    fs::copy_file(shared_->dir / "template.duckdb", dir_ / "levers.duckdb");
    open(dir_ / "levers.duckdb");
  }

  void open(const fs::path& path) {
    store_.reset();
    db_.reset();
    auto db = store::Database::open(path.string(), store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = std::move(db).value();
    store_ = std::make_unique<LeverStore>(*db_, seeds_);
  }

  // A fresh store whose default scenario holds `rows`.
  void open_with(const std::vector<engine::LeverRow>& rows) {
    const fs::path path = dir_ / "subset.duckdb";
    ASSERT_EQ(seed_file(path, rows), "");
    open(path);
  }

  static ChangeContext ctx(const std::string& actor = "analyst") {
    return {actor, "test", "2026-11-27T12:00:00Z"};
  }

  // The bundled file's value of a cell.
  double bundled(LeverParam param, int year, int level) const {
    for (const engine::LeverRow& r : bundled_) {
      if (r.param == param && r.fiscal_year == year && r.job_level == level) return r.value;
    }
    ADD_FAILURE() << "no bundled row";
    return -1.0;
  }

  LeverPlan plan_set(const std::string& scenario, LeverParam param, double value,
                     CellSelector where) {
    auto p = store_->plan_set(scenario, {{param, value}}, where);
    EXPECT_TRUE(p.ok()) << p.error().to_string_all();
    return p.ok() ? std::move(p).value() : LeverPlan{};
  }

  void set(const std::string& scenario, LeverParam param, double value, CellSelector where,
           const std::string& actor = "analyst") {
    LeverPlan p = plan_set(scenario, param, value, where);
    Status s = store_->apply(p, ctx(actor));
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  void lock(const std::string& scenario, LeverParam param, CellSelector where, bool locked) {
    auto p = store_->plan_lock(scenario, param, where, locked);
    ASSERT_TRUE(p.ok()) << p.error().to_string();
    Status s = store_->apply(*p, ctx());
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  std::optional<store::LeverCell> cell(const std::string& scenario, const std::string& name,
                                       int year, int level) {
    auto cells = store::stored_cells(*db_, scenario);
    EXPECT_TRUE(cells.ok());
    for (const store::LeverCell& c : *cells) {
      if (c.parameter_name == name && c.fiscal_year == year && c.job_level == level) return c;
    }
    return std::nullopt;
  }

  engine::ResolvedLevers effective(const std::string& scenario) {
    auto r = store_->effective(scenario, kFirstYear, kLastYear);
    EXPECT_TRUE(r.ok()) << r.error().to_string_all();
    return r.ok() ? r->levers : engine::ResolvedLevers{};
  }

  std::vector<store::AuditRow> audit() {
    auto rows = store::all_audit_rows(*db_);
    EXPECT_TRUE(rows.ok()) << rows.error().to_string();
    return rows.ok() ? *rows : std::vector<store::AuditRow>{};
  }

  std::size_t count_events(const std::string& type) {
    const auto rows = audit();
    return static_cast<std::size_t>(std::count_if(
        rows.begin(), rows.end(), [&](const store::AuditRow& a) { return a.event_type == type; }));
  }

  static inline std::unique_ptr<Seeded> shared_;
  test::TempDir dir_;
  const engine::SeedTables& seeds_ = shared_->seeds;
  std::vector<engine::LeverRow> bundled_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LeverStore> store_;
};

// ---- resolution order and source reporting ----

}  // namespace planwise::levers::testing
