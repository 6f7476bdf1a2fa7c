#include "tuning/algorithms.hpp"

namespace planwise::tuning {

const std::vector<AlgorithmInfo>& algorithms() {
  // Contract D fixes the labels of s045, bobyqa and nsga2; the others say
  // what sets them apart, so no two share a label.
  static const std::vector<AlgorithmInfo> kAlgorithms = {
      {"s045", "Fastest: one lever mix",
       "The original S045 loop: COLA, merit and new-hire pay move together in fixed ratios, a "
       "damped step per iteration, until growth is on target."},
      {"brent", "One lever mix, precise",
       "Moves the chosen levers together in a fixed ratio and finds the exact point on target in a "
       "few simulations (Brent's method)."},
      {"secant", "One lever mix, secant",
       "Like the precise lever mix, with secant steps instead of Brent's interpolation."},
      {"bobyqa", "All levers, balanced",
       "Moves every lever on its own within its bounds to reach the target, weighing cost and pay "
       "equity if asked (BOBYQA)."},
      {"cobyla", "All levers, under a cost cap",
       "Moves every lever on its own, keeping each year's total payroll under a cost cap "
       "(COBYLA)."},
      {"slsqp", "All levers, smallest change",
       "Reaches the target with the smallest change to the current levers, or the cheapest levers "
       "under a cost cap (SLSQP)."},
      {"nsga2", "Trade-off curve",
       "Every best trade-off between the growth gap and total cost it finds, to pick one from "
       "(NSGA-II)."},
  };
  return kAlgorithms;
}

std::string algorithm_label(const std::string& id) {
  for (const AlgorithmInfo& a : algorithms()) {
    if (a.id == id) return a.label;
  }
  return id;
}

bool is_algorithm(const std::string& id) {
  for (const AlgorithmInfo& a : algorithms()) {
    if (a.id == id) return true;
  }
  return false;
}

}  // namespace planwise::tuning
