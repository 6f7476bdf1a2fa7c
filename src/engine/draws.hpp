// Spec §3: counter-based random draws. Every draw is a pure function of
// (seed, employee id, year, stream), so decisions use common random numbers
// and nothing depends on processing order or thread count.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/date.hpp"

namespace planwise::engine {

inline constexpr std::uint64_t kGamma = 0x9E3779B97F4A7C15ULL;

// SplitMix64 finaliser (bijective), spec §3.2.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a 64: the state before any byte, and one byte's step.
inline constexpr std::uint64_t kFnvBasis = 0xCBF29CE484222325ULL;
constexpr std::uint64_t fnv1a_step(std::uint64_t h, char c) {
  return (h ^ static_cast<unsigned char>(c)) * 0x00000100000001B3ULL;
}

// FNV-1a 64 over the id's bytes, then mix64.
constexpr std::uint64_t id_key(std::string_view id) {
  std::uint64_t h = kFnvBasis;
  for (char c : id) h = fnv1a_step(h, c);
  return mix64(h);
}

constexpr std::uint64_t run_key(std::uint64_t seed) {
  return mix64(seed + kGamma);
}

// The per-employee part of draw64: state = mix64(run_key XOR id_key). It is
// constant for a run, so the hot state keeps it instead of recomputing it
// for every draw (spec §7).
constexpr std::uint64_t draw_state(std::uint64_t run, std::uint64_t id) {
  return mix64(run ^ id);
}

constexpr std::uint64_t draw64_from_state(std::uint64_t state, int year, std::uint16_t stream) {
  const std::uint64_t counter = (static_cast<std::uint64_t>(year) << 16) | stream;
  return mix64(state + kGamma * counter);
}

// U maps the top 52 bits to (2k+1)·2^-53: never 0, never 1.
constexpr double unit_from_bits(std::uint64_t bits) {
  return static_cast<double>((bits >> 11) | 1ULL) * 0x1.0p-53;
}

// U(id, Y, s) given the employee's draw state.
constexpr double uniform(std::uint64_t state, int year, std::uint16_t stream) {
  return unit_from_bits(draw64_from_state(state, year, stream));
}

// Issue 12 item 4: an offset per stream id (1..12, spec §3.3) added to the
// draw state. Zero for every stream of a plain run; a re-seeded draw group
// (engine/draw_groups.hpp) gives its streams one nonzero salt, so their draws
// are independent of the run seed's. Fixed for a run: the hot loops pay one
// load and one add.
struct StreamSalts {
  static constexpr std::size_t kSlots = 13;  // indexed by stream id
  std::array<std::uint64_t, kSlots> by_stream{};
  constexpr std::uint64_t operator[](std::uint16_t stream) const { return by_stream[stream]; }
};

// U(id, Y, s) with the stream's salt.
constexpr double uniform(std::uint64_t state, int year, std::uint16_t stream,
                         const StreamSalts& salts) {
  return uniform(state + salts[stream], year, stream);
}

// uniform_day(u, Y) = Jan1(Y) + min(D_Y − 1, floor(u × D_Y)), spec §0.3.
inline DayNumber uniform_day(double u, int year) {
  const int days = days_in_year(year);
  int offset = static_cast<int>(u * days);
  if (offset > days - 1) offset = days - 1;
  return jan1(year) + offset;
}

// Spec §3.4 categorical: smallest k with u < c_k, where c_k is the running
// sum of weights / W accumulated left to right, and c_K is exactly 1.0.
// Returns a 0-based index. Precondition: weights non-empty, sum > 0.
int categorical(double u, std::span<const double> weights);

// The same rule with the thresholds c_k computed once, for draws made per
// employee (raise months, hire ages).
class CategoricalTable {
 public:
  // Issue 15 item 6: the hire age distribution may list every age of 16-80
  // (spec §1.6), 65 categories.
  static constexpr int kMaxCategories = 65;
  CategoricalTable() = default;
  explicit CategoricalTable(std::span<const double> weights);
  // The smallest k with u < c_k is the number of thresholds at or below u.
  // Issue 13: the thresholds at or below the start of u's cell (1/1024 of
  // the unit interval; u × 1024 is exact) are looked up, and only those
  // inside the cell are compared: one comparison for most draws, where a
  // count over every threshold made 11 for a month and 64 for a hire's age.
  // The same count, as the thresholds never decrease (the table is made
  // only when they do not); anything else outside [0, 1) counts them all.
  int pick(double u) const {
    if (indexed_ && u >= 0.0 && u < 1.0) {
      int k = first_above_[static_cast<std::size_t>(u * kCells)];
      while (k < count_ - 1 && u >= thresholds_[k]) ++k;
      return k;
    }
    return count_at_or_below(u);
  }
  // The count, threshold by threshold: the reference pick equals.
  int count_at_or_below(double u) const {
    int k = 0;
    for (int j = 0; j < count_ - 1; ++j) k += u >= thresholds_[j] ? 1 : 0;
    return k;
  }
  int size() const { return count_; }
  // c_j, the j-th running share (j < size()).
  double threshold(int j) const { return thresholds_[j]; }

 private:
  static constexpr int kCells = 1024;
  double thresholds_[kMaxCategories] = {};
  int count_ = 0;
  bool indexed_ = false;
  std::uint8_t first_above_[kCells] = {};  // count_at_or_below(cell / kCells)
};

}  // namespace planwise::engine
