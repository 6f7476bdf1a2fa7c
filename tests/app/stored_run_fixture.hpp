// One bundled-census run stored once per test suite, for the suites that
// read a stored run's tables back (table exports, export files).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/run_simulation.hpp"
#include "support/test_paths.hpp"

namespace planwise::app::test_support {

class StoredBundledRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    SimulateRequest r;
    r.inputs.data_dir = test::data_dir();
    r.db_path = db_path();
    auto outcome = run_simulation(r, {});
    ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
    run_id_ = *outcome->run_id;
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static std::string db_path() { return (*dir_ / "runs.duckdb").string(); }
  static const std::string& run_id() { return run_id_; }

 private:
  static inline std::unique_ptr<test::TempDir> dir_;
  static inline std::string run_id_;
};

}  // namespace planwise::app::test_support
