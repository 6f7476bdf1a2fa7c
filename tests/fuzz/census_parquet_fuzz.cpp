// libFuzzer target: the census Parquet reader (spec §1.1, §1.2; issue 15
// item 3). The input's bytes are written to a .parquet file and read as the
// CLI and the server read one: through DuckDB's read_parquet into a text
// table, then the census parser. The file must stage and simulate, or be
// refused naming file, row and column (or, when DuckDB cannot read it at
// all, as a whole file: parquet_format).
#include <cstddef>
#include <cstdint>

#include "app/census_file.hpp"
#include "fuzz/bundled_plan.hpp"
#include "fuzz/census_contract.hpp"
#include "fuzz/fuzz_support.hpp"

// The bundled plan is loaded before the first input, not in its time.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::bundled_plan();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace planwise;
  const auto path = fuzz::write_scratch("census.parquet", fuzz::text_of(data, size));
  fuzz::expect_census_runs_or_is_refused(app::read_census_file(path), path.string());
  return 0;
}
