#include "engine/draw_groups.hpp"

namespace planwise::engine {

namespace {

// Separates group salts from run keys of the same seed: the salt is
// mix64(run_key(seed) ^ tag), never run_key(seed) itself. Any odd 64-bit
// constant serves; this is the first 64 bits of the fractional part of pi.
constexpr std::uint64_t kGroupSaltTag = 0x243F6A8885A308D3ULL;

constexpr Stream kStreams[] = {kTermSelect, kTermDate,     kPromoDate,    kPromotion,
                               kRaiseMonth, kRaiseDay,     kHireDate,     kHireSalary,
                               kHireAge,    kHireBirthday, kNhTermSelect, kNhTermDate};

}  // namespace

DrawGroup draw_group_of(Stream stream) {
  switch (stream) {
    case kTermSelect:
    case kTermDate:
      return DrawGroup::kTerminations;
    case kPromoDate:
    case kPromotion:
      return DrawGroup::kPromotions;
    case kRaiseMonth:
    case kRaiseDay:
      return DrawGroup::kRaiseTiming;
    case kHireDate:
    case kHireSalary:
    case kHireAge:
    case kHireBirthday:
      return DrawGroup::kHiring;
    case kNhTermSelect:
    case kNhTermDate:
      return DrawGroup::kNewHireTerminations;
  }
  return DrawGroup::kTerminations;
}

StreamSalts stream_salts(const EngineConfig& config) {
  std::array<std::uint64_t, kDrawGroupCount> group_salt{};
  for (std::size_t g = 0; g < kDrawGroupCount; ++g) {
    const std::optional<std::uint64_t>& seed = config.group_seeds[g];
    if (!seed || *seed == config.random_seed) continue;
    const std::uint64_t salt = mix64(run_key(*seed) ^ kGroupSaltTag);
    group_salt[g] = salt != 0 ? salt : kGamma;  // mix64 is a bijection: one input maps to 0
  }
  StreamSalts salts;
  for (Stream s : kStreams)
    salts.by_stream[s] = group_salt[static_cast<std::size_t>(draw_group_of(s))];
  return salts;
}

}  // namespace planwise::engine
