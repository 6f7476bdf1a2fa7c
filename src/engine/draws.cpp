#include "engine/draws.hpp"

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
}

}  // namespace planwise::engine
