// A run of the bundled inputs stored in dir/runs.duckdb: the request the
// run use-case tests start from.
#pragma once

#include "app/run_simulation.hpp"
#include "support/test_paths.hpp"

namespace planwise::app::testing {

inline SimulateRequest bundled(const test::TempDir& dir) {
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "runs.duckdb").string();
  return r;
}

}  // namespace planwise::app::testing
