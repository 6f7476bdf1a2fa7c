// Settings of the whole test binary, made before the first test runs.
#include "store/database.hpp"

namespace {

// One DuckDB worker thread per instance (store::set_default_threads says
// why); the tests that cap threads themselves pass their own count.
const bool kOneDuckDbThread = [] {
  planwise::store::set_default_threads(1);
  return true;
}();

}  // namespace
