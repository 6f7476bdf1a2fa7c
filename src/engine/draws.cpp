#include "engine/draws.hpp"

#include <algorithm>
#include <cmath>

namespace planwise::engine {

int categorical(double u, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  double running = 0.0;
  const int last = static_cast<int>(weights.size()) - 1;
  for (int k = 0; k < last; ++k) {
    running += weights[static_cast<std::size_t>(k)];
    if (u < running / total) return k;
  }
  return last;  // c_K = 1.0 and u < 1 always.
}

CategoricalTable::CategoricalTable(std::span<const double> weights)
    : count_(static_cast<int>(weights.size())) {
  double total = 0.0;
  for (double w : weights) total += w;
  double running = 0.0;
  for (int k = 0; k < count_; ++k) {
    running += weights[static_cast<std::size_t>(k)];
    thresholds_[k] = running / total;
  }
  thresholds_[count_ - 1] = 1.0;
  indexed_ =
      std::all_of(thresholds_, thresholds_ + count_, [](double t) { return std::isfinite(t); }) &&
      std::is_sorted(thresholds_, thresholds_ + count_);
  if (indexed_) {
    for (int c = 0; c < kCells; ++c) {
      first_above_[c] =
          static_cast<std::uint8_t>(count_at_or_below(static_cast<double>(c) / kCells));
    }
  }
}

}  // namespace planwise::engine
