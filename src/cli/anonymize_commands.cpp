#include "cli/anonymize_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"

namespace planwise::cli {

namespace {

// Three decimals with a space ("2.125 %"), finer than text_table's percent():
// a seed's shift is often a few thousandths of a point.
std::string percent_3dp(double fraction) {
  return fmt::format("{:.3f} %", fraction * 100.0);
}

void print_shift(const app::HeadlineShift& shift) {
  std::cout << "Headline (average pay growth, the dashboard's metric) with the configured "
               "levers:\n";
  std::cout << fmt::format("  {:>8}  {:>12}  {:>12}  {:>14}  {:>9}  {:>9}\n", "seed", "original",
                           "anonymized", "shift (points)", "headcount", "anon. hc");
  for (const app::HeadlineShiftRow& r : shift.rows) {
    std::cout << fmt::format("  {:>8}  {:>12}  {:>12}  {:>+14.3f}  {:>9}  {:>9}\n", r.seed,
                             percent_3dp(r.original), percent_3dp(r.anonymized),
                             (r.anonymized - r.original) * 100.0, r.original_headcount,
                             r.anonymized_headcount);
  }
  std::cout << fmt::format(
      "  mean shift {:+.3f} points over {} seed(s); largest |shift| {:.3f} points\n",
      shift.mean_shift_points, shift.rows.size(), shift.max_abs_shift_points);
  if (shift.rows.size() > 1)
    std::cout << fmt::format(
        "  (the original's own seed-to-seed spread: {:.3f} points; new ids redraw every "
        "employee's random numbers, so one seed's shift is of that size)\n",
        shift.original_seed_sd_points);
}

}  // namespace

int run_anonymize(const AnonymizeOptions& o) {
  auto outcome = app::anonymize_census(o.spec);
  if (!outcome) return fail(outcome.error());
  const app::AnonymizeOutcome& a = *outcome;
  std::cout << "Anonymized " << a.rows << " rows of " << o.spec.in.string() << " into "
            << o.spec.out.string() << "\n"
            << "  ids replaced:  " << a.ids << " (keyed pseudonyms ANON_...)\n"
            << "  SSNs replaced: " << a.ssns << "\n"
            << fmt::format(
                   "  dates moved:   {}, mean |shift| {:.1f} days (at most ±{}; {} "
                   "narrowed to stay in their calendar year)\n",
                   a.dates_shifted, a.mean_abs_shift_days, o.spec.max_shift_days, a.dates_narrowed)
            << fmt::format(
                   "  pay:           scaled by one secret factor within ±{:g} %, rounded "
                   "to a multiple of {:g}\n",
                   o.spec.pay_spread * 100.0, o.spec.pay_round);
  if (!o.spec.key_file)
    std::cout << "  note: without --key-file the seed is the whole key; keep it secret\n";
  if (o.check_seeds == 0) return 0;
  auto shift = app::headline_shift(o.inputs, o.spec.in, o.spec.out, o.check_seeds);
  if (!shift) return fail(shift.error());
  print_shift(*shift);
  return 0;
}

}  // namespace planwise::cli
