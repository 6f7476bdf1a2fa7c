// Writes the census Parquet target's seeds (issue 15 item 3): each census
// CSV given is converted to Parquet by DuckDB, as `planwise census convert`
// does. Usage: fuzz_make_parquet_seeds OUT_DIR CSV...
#include <cstdio>
#include <filesystem>

#include "store/parquet_files.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR CSV...\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  fs::create_directories(out);
  for (int i = 2; i < argc; ++i) {
    const fs::path csv = argv[i];
    const fs::path parquet = out / csv.filename().replace_extension(".parquet");
    const planwise::Status written = planwise::store::convert_csv_to_parquet(csv, parquet);
    if (!written.ok()) {
      // A seed DuckDB cannot type (a malformed census) is simply not made.
      std::fprintf(stderr, "skipped %s: %s\n", csv.c_str(), written.error().message.c_str());
    }
  }
  return 0;
}
