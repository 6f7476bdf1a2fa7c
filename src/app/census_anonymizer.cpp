#include "app/census_anonymizer.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "app/census_cache.hpp"
#include "app/census_file.hpp"
#include "app/optimize.hpp"
#include "common/date.hpp"
#include "common/hmac_sha256.hpp"
#include "engine/draws.hpp"
#include "ensemble/statistics.hpp"
#include "io/csv_reader.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

Status check_spec(const AnonymizeSpec& spec) {
  if (spec.max_shift_days < 0 || spec.max_shift_days > 3650)
    return Error::command_line("--shift-days", "shift_days_range",
                               std::to_string(spec.max_shift_days), "expected 0 to 3650 days");
  if (!(spec.pay_spread >= 0.0 && spec.pay_spread < 0.5))
    return Error::command_line("--pay-spread", "pay_spread_range", std::to_string(spec.pay_spread),
                               "expected a fraction from 0 up to (not including) 0.5");
  if (!(spec.pay_round > 0.0 && spec.pay_round <= 100000.0))
    return Error::command_line("--pay-round", "pay_round_positive", std::to_string(spec.pay_round),
                               "expected a positive amount up to 100000");
  std::error_code ec;
  if (fs::exists(spec.out, ec) && fs::equivalent(spec.in, spec.out, ec))
    return Error::command_line("OUT", "out_differs_from_in", spec.out.string(),
                               "the anonymized census must not overwrite the original");
  return Status::success();
}

// The HMAC key: the seed, then the key file's bytes if one is given.
Result<std::string> pseudonym_key(const AnonymizeSpec& spec) {
  std::string key = "planwise-anonymize:" + std::to_string(spec.seed);
  if (spec.key_file) {
    auto secret = io::read_text_file(*spec.key_file);
    if (!secret) return std::move(secret).error();
    if (secret->empty()) {
      return Error::invalid_input(spec.key_file->string(), 0, "", "key_file_non_empty", "",
                                  "the key file is empty");
    }
    key += ':' + *secret;
  }
  return key;
}

// Keyed pseudonyms, one per distinct original value: injective, and never
// equal to any original value (so no original id or SSN can reappear).
// Originals are visited in byte order and a collision retries with a
// counter, so the result does not depend on row order.
template <class Format>
std::unordered_map<std::string_view, std::string> pseudonyms(const StringColumn& originals,
                                                             const std::string& key,
                                                             std::string_view domain,
                                                             Format format) {
  std::vector<std::string_view> distinct;
  distinct.reserve(originals.size());
  for (std::size_t i = 0; i < originals.size(); ++i)
    if (!originals[i].empty()) distinct.push_back(originals[i]);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

  std::unordered_set<std::string> taken;
  taken.reserve(2 * distinct.size());
  for (std::string_view original : distinct) taken.emplace(original);
  std::unordered_map<std::string_view, std::string> out;
  out.reserve(distinct.size());
  std::string message;
  for (std::string_view original : distinct) {
    for (int attempt = 0;; ++attempt) {
      message.assign(domain).append(":").append(original);
      if (attempt > 0) message.append("#").append(std::to_string(attempt));
      std::string candidate = format(hmac_sha256_hex(key, message));
      if (taken.insert(candidate).second) {
        out.emplace(original, std::move(candidate));
        break;
      }
    }
  }
  return out;
}

std::string id_pseudonym(const std::string& hex) {
  return "ANON_" + hex.substr(0, 12);
}

std::string ssn_pseudonym(const std::string& hex) {
  // Nine digits that never start with 0, like the bundled census's SSNs,
  // and unlike a generated hire's "SSN-NH-..." (spec §7).
  const std::uint64_t bits = std::stoull(hex.substr(0, 15), nullptr, 16);
  return "SSN-" + std::to_string(bits % 900'000'000ULL + 100'000'000ULL);
}

// Moves `day` by an offset drawn uniformly from the days within ±max_days
// that keep it (and `linked`, which moves with it) in its calendar year:
// the engine's ages and tenures are year differences (spec §4.1), so every
// age, tenure and band is unchanged. Drawing inside the allowed range, not
// clamping, avoids piling dates up on 1 January and 31 December.
struct Shift {
  int days = 0;
  bool narrowed = false;
};
Shift year_preserving_shift(DayNumber day, DayNumber linked, double u, int max_days) {
  int lo = -max_days, hi = max_days;
  for (DayNumber d : {day, linked}) {
    if (d == kNoDate) continue;
    const int year = year_of(d);
    lo = std::max(lo, jan1(year) - d);
    hi = std::min(hi, dec31(year) - d);
  }
  const int span = hi - lo + 1;
  const int pick = std::min(span - 1, static_cast<int>(u * span));
  return {lo + pick, hi - lo < 2 * max_days};
}

enum : std::uint16_t { kBirthStream = 1, kHireStream = 2, kPayStream = 3 };

}  // namespace

Result<AnonymizeOutcome> anonymize_census(const AnonymizeSpec& spec) {
  PLANWISE_RETURN_IF_ERROR(check_spec(spec));
  auto key = pseudonym_key(spec);
  if (!key) return std::move(key).error();
  auto read = read_census_file(spec.in);
  if (!read) return std::move(read).error();
  const engine::CensusRows& in = *read;

  const auto ids = pseudonyms(in.employee_id, *key, "id", id_pseudonym);
  const auto ssns = pseudonyms(in.employee_ssn, *key, "ssn", ssn_pseudonym);
  const std::uint64_t run = std::stoull(hmac_sha256_hex(*key, "draws").substr(0, 16), nullptr, 16);
  const double factor =
      1.0 + spec.pay_spread * (2.0 * engine::uniform(engine::draw_state(run, engine::id_key("pay")),
                                                     0, kPayStream) -
                               1.0);

  engine::CensusRows out;
  out.file = spec.out.string();
  out.source_row = in.source_row;
  out.active = in.active;
  out.birth_date.resize(in.size());
  out.hire_date.resize(in.size());
  out.termination_date.resize(in.size());
  out.gross_compensation.resize(in.size());
  AnonymizeOutcome outcome;
  outcome.rows = in.size();
  outcome.ids = ids.size();
  outcome.ssns = ssns.size();
  double total_shift = 0.0;
  auto count = [&](DayNumber date, const Shift& shift, std::size_t dates) {
    if (date == kNoDate) return;
    outcome.dates_shifted += dates;
    outcome.dates_narrowed += shift.narrowed ? dates : 0;
    total_shift += static_cast<double>(std::abs(shift.days)) * static_cast<double>(dates);
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string_view id = in.employee_id[i], ssn = in.employee_ssn[i];
    out.employee_id.push_back(id.empty() ? id : std::string_view(ids.at(id)));
    out.employee_ssn.push_back(ssn.empty() ? ssn : std::string_view(ssns.at(ssn)));
    // Offsets are keyed by the original id, so a duplicated row moves with
    // its twin and the census's duplicate rules see the same rows.
    const std::uint64_t state = engine::draw_state(run, engine::id_key(id));
    const DayNumber birth = in.birth_date[i];
    const Shift b = year_preserving_shift(birth, kNoDate, engine::uniform(state, 0, kBirthStream),
                                          spec.max_shift_days);
    out.birth_date[i] = birth == kNoDate ? kNoDate : birth + b.days;
    count(birth, b, 1);
    // The termination date moves with the hire date: the length of
    // service, and the year each falls in, stay the same.
    const DayNumber hire = in.hire_date[i], exit = in.termination_date[i];
    const Shift h = year_preserving_shift(hire, exit, engine::uniform(state, 0, kHireStream),
                                          spec.max_shift_days);
    out.hire_date[i] = hire == kNoDate ? kNoDate : hire + h.days;
    out.termination_date[i] = exit == kNoDate ? kNoDate : exit + h.days;
    count(hire, h, exit == kNoDate ? 1 : 2);

    const double pay = in.gross_compensation[i];
    double scaled = pay;
    if (std::isfinite(pay) && pay > 0.0) {
      scaled = std::round(pay * factor / spec.pay_round) * spec.pay_round;
      if (scaled <= 0.0) scaled = spec.pay_round;  // a positive pay stays positive
    }
    out.gross_compensation[i] = scaled;
  }
  if (outcome.dates_shifted > 0)
    outcome.mean_abs_shift_days = total_shift / static_cast<double>(outcome.dates_shifted);
  PLANWISE_RETURN_IF_ERROR(write_census_file(out, spec.out));
  return outcome;
}

Result<HeadlineShift> headline_shift(const InputRequest& inputs, const fs::path& original,
                                     const fs::path& anonymized, int seeds) {
  if (seeds < 1 || seeds > 1000)
    return Error::command_line("--check-seeds", "check_seeds_range", std::to_string(seeds),
                               "expected 1 to 1000 seeds");
  auto loaded = load_config_and_seeds(inputs);
  if (!loaded) return std::move(loaded).error();
  const std::string scenario = inputs.scenario.value_or(loaded->config.engine.scenario_id);
  const std::uint64_t first = inputs.seed.value_or(loaded->config.engine.random_seed);
  // Each file is read and hashed once, not once per seed.
  const auto original_cache = std::make_shared<CensusCache>();
  const auto anonymized_cache = std::make_shared<CensusCache>();
  HeadlineShift out;
  std::vector<double> original_growth;
  double total = 0.0;
  for (int k = 0; k < seeds; ++k) {
    InputRequest request = inputs;
    request.seed = first + static_cast<std::uint64_t>(k);
    request.census_path = original;
    request.census_cache = original_cache;
    auto before = headline(request, std::nullopt, scenario);
    if (!before) return std::move(before).error();
    request.census_path = anonymized;
    request.census_cache = anonymized_cache;
    auto after = headline(request, std::nullopt, scenario);
    if (!after) return std::move(after).error();
    out.rows.push_back({*request.seed, before->growth, after->growth, before->final_headcount,
                        after->final_headcount});
    original_growth.push_back(before->growth);
    const double points = (after->growth - before->growth) * 100.0;
    total += points;
    out.max_abs_shift_points = std::max(out.max_abs_shift_points, std::abs(points));
  }
  out.mean_shift_points = total / static_cast<double>(seeds);
  out.original_seed_sd_points = ensemble::band_of(original_growth).sd * 100.0;
  return out;
}

}  // namespace planwise::app
