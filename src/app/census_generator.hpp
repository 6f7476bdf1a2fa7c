// `planwise gen-census`: a synthetic census in the bundled census's schema
// (spec §1.2), with realistic age, tenure, level and pay distributions, for
// tests and benchmarks. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <filesystem>

#include "common/result.hpp"

namespace planwise::app {

struct CensusSpec {
  std::int64_t employees = 5000;
  std::uint64_t seed = 42;
  int as_of_year = 2024;            // census date = 31 Dec of this year
  double terminated_share = 0.124;  // rows that left during the census year (bundled: 622/5000)
};

// Writes CSV, or Parquet when the path ends in .parquet.
Status generate_census(const CensusSpec& spec, const std::filesystem::path& out);

}  // namespace planwise::app
