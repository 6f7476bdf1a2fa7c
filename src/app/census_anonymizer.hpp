// `planwise census anonymize IN OUT --seed S` (issue 14 item 5): a census
// that can be shared with a vendor or kept as a test fixture. Ids and SSNs
// become keyed pseudonyms, each birth and hire date moves by its own random
// offset of at most ±N days inside its calendar year, and all pay is scaled
// by one random factor and rounded. Deterministic for a seed (and key file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"

namespace planwise::app {

struct AnonymizeSpec {
  std::filesystem::path in;
  std::filesystem::path out;  // .csv or .parquet
  std::uint64_t seed = 0;
  // Secret bytes mixed into the pseudonym key. Without one the seed is the
  // whole key, and anybody who knows it can test guesses of an SSN.
  std::optional<std::filesystem::path> key_file;
  int max_shift_days = 30;   // N of ±N
  double pay_spread = 0.05;  // the factor is drawn from [1 − spread, 1 + spread]
  double pay_round = 100.0;  // pay is rounded to a multiple of this
};

struct AnonymizeOutcome {
  std::size_t rows = 0;
  std::size_t ids = 0;            // distinct ids replaced
  std::size_t ssns = 0;           // distinct SSNs replaced
  std::size_t dates_shifted = 0;  // birth, hire and termination dates moved
  double mean_abs_shift_days = 0.0;
  // Dates whose offset range the calendar year narrowed below ±N.
  std::size_t dates_narrowed = 0;
};

// Reads `in` (errors name its file, row and column), writes `out` through
// a temporary file: on any error `out` is not created.
Result<AnonymizeOutcome> anonymize_census(const AnonymizeSpec& spec);

// How far the anonymized census's headline (the growth metric the
// dashboard shows, spec tuning §4) moves from the original's, with the
// configured levers, for each of `seeds` (the configured seed first).
struct HeadlineShiftRow {
  std::uint64_t seed = 0;
  double original = 0.0;                // growth, a fraction
  double anonymized = 0.0;              // growth, a fraction
  std::int64_t original_headcount = 0;  // final year-end actives
  std::int64_t anonymized_headcount = 0;
};
struct HeadlineShift {
  std::vector<HeadlineShiftRow> rows;
  double mean_shift_points = 0.0;     // mean of (anonymized − original) × 100
  double max_abs_shift_points = 0.0;  // largest |anonymized − original| × 100
  // The original's own seed-to-seed spread (sample standard deviation, in
  // points; 0 with one seed): a new id redraws every random number of its
  // employee, so one seed's shift is of this size whatever else changes.
  double original_seed_sd_points = 0.0;
};
Result<HeadlineShift> headline_shift(const InputRequest& inputs,
                                     const std::filesystem::path& original,
                                     const std::filesystem::path& anonymized, int seeds);

}  // namespace planwise::app
