// Issue 12 item 1: seed lists from the command line or an API body.
#include "ensemble/seed_list.hpp"

#include <charconv>
#include <optional>
#include <set>

namespace planwise::ensemble {

namespace {

Error seed_error(std::string_view field, std::string_view text, const std::string& message) {
  return Error::invalid_input("", 0, std::string(field), "seed_list", std::string(text), message);
}

// A whole unsigned decimal number (no sign, no spaces).
std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<std::uint64_t>> parse_seed_count_or_range(std::string_view text,
                                                             std::uint64_t base_seed,
                                                             std::string_view field) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const auto count = parse_number(text);
    if (!count) {
      return seed_error(
          field, text,
          "expected a number of seeds (25) or a range (100..199), got '" + std::string(text) + "'");
    }
    if (*count < 1 || *count > static_cast<std::uint64_t>(kMaxSeeds)) {
      return seed_error(field, text,
                        "the number of seeds must be 1 to " + std::to_string(kMaxSeeds) + ", got " +
                            std::string(text));
    }
    std::vector<std::uint64_t> seeds;
    for (std::uint64_t k = 0; k < *count; ++k) seeds.push_back(base_seed + k);
    return seeds;
  }
  const auto first = parse_number(text.substr(0, dots));
  const auto last = parse_number(text.substr(dots + 2));
  if (!first || !last) {
    return seed_error(field, text,
                      "a seed range is FIRST..LAST with whole numbers (100..199), got '" +
                          std::string(text) + "'");
  }
  if (*last < *first) {
    return seed_error(field, text,
                      "the seed range " + std::string(text) + " ends before it starts");
  }
  if (*last - *first >= static_cast<std::uint64_t>(kMaxSeeds)) {
    return seed_error(field, text,
                      "the seed range " + std::string(text) + " holds more than " +
                          std::to_string(kMaxSeeds) + " seeds");
  }
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t s = *first;; ++s) {
    seeds.push_back(s);
    if (s == *last) break;
  }
  return seeds;
}

Result<std::vector<std::uint64_t>> parse_seed_list(std::string_view text, std::string_view field) {
  std::vector<std::uint64_t> seeds;
  std::set<std::uint64_t> seen;
  std::size_t start = 0;
  int position = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    ++position;
    const auto seed = parse_number(item);
    if (!seed) {
      return seed_error(field, text,
                        "item " + std::to_string(position) + " of the seed list is '" +
                            std::string(item) + "', not a whole number");
    }
    if (!seen.insert(*seed).second) {
      return seed_error(
          field, text,
          "item " + std::to_string(position) + " repeats seed " + std::to_string(*seed));
    }
    seeds.push_back(*seed);
    if (seeds.size() > static_cast<std::size_t>(kMaxSeeds)) {
      return seed_error(field, text,
                        "the seed list holds more than " + std::to_string(kMaxSeeds) + " seeds");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return seeds;
}

std::string seed_list_text(const std::vector<std::uint64_t>& seeds) {
  bool consecutive = seeds.size() > 2;
  for (std::size_t i = 1; i < seeds.size() && consecutive; ++i) {
    consecutive = seeds[i] == seeds[i - 1] + 1;
  }
  if (consecutive) return std::to_string(seeds.front()) + ".." + std::to_string(seeds.back());
  std::string out;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(seeds[i]);
  }
  return out;
}

}  // namespace planwise::ensemble
