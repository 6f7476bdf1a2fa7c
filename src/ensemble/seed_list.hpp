// Issue 12 item 1: which seeds an ensemble runs. `--seeds 25` is 25 seeds
// counting up from the configured seed (so seed 1 of the ensemble is the
// single run the analyst already knows), `--seeds 100..199` an inclusive
// range, `--seed-list 1,5,9` an explicit list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace planwise::ensemble {

// The most seeds one ensemble may run.
inline constexpr int kMaxSeeds = 10'000;

// "N" (N seeds from base_seed: base_seed, base_seed + 1, ...) or "A..B"
// (A to B inclusive, A <= B). Errors are input errors naming `field`
// ("--seeds", "seeds") and quoting the text: not a number, N < 1, B < A,
// more than kMaxSeeds.
Result<std::vector<std::uint64_t>> parse_seed_count_or_range(std::string_view text,
                                                             std::uint64_t base_seed,
                                                             std::string_view field);
// "1,5,9": an explicit list, in the order given; duplicates and empty items
// are input errors naming `field` and the item's position (1-based).
Result<std::vector<std::uint64_t>> parse_seed_list(std::string_view text, std::string_view field);

// The list written back as text: "42..66" when consecutive ascending,
// otherwise comma-separated (what the ensembles table records).
std::string seed_list_text(const std::vector<std::uint64_t>& seeds);

}  // namespace planwise::ensemble
