// Issue 10 item 7: each search algorithm with a plain label an analyst can
// read ("Fastest: one lever mix") and a one-line description; the id stays
// what the CLI and API accept (contract D of issue 10).
#pragma once

#include <string>
#include <vector>

namespace planwise::tuning {

struct AlgorithmInfo {
  std::string id;     // s045, brent, ...: the value of --algorithm / "algorithm"
  std::string label;  // plain name shown first
  std::string description;
};

// In the order the dashboard and `optimize --help` list them.
const std::vector<AlgorithmInfo>& algorithms();
// The label of an id; the id itself when unknown (a record from a newer build).
std::string algorithm_label(const std::string& id);
bool is_algorithm(const std::string& id);

}  // namespace planwise::tuning
