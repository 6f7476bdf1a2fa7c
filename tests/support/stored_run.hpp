// The bundled census run for two years (2025-2026), written into a run store
// through RunWriter: the store suites' common way to put a run in a database.
#pragma once

#include <string>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::test {

// The bundled inputs, ending in 2026. Tests may change them (output tables).
struct BundledRunInputs {
  app::LoadedInputs in;
  BundledRunInputs();
};

// Writes the run `id`: committed, or, with commit false, rolled back when
// the writer goes at the end of the call.
Status store_bundled_run(store::Database& db, const BundledRunInputs& inputs, const std::string& id,
                         bool commit);

}  // namespace planwise::test
