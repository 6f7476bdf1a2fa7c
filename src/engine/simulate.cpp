// Spec §4.0 and Appendix A: the year loop. Each year runs the steps of
// year_steps.hpp in order, checks the result (§6), hands it to the sink and
// carries the actives forward.
#include "engine/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "common/year_of_day.hpp"
#include "engine/draw_groups.hpp"
#include "engine/hiring_setup.hpp"
#include "engine/parallel_rows.hpp"
#include "engine/year_checks.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

namespace {

// §1.7 / §4.4: the raise-timing profile is used normalised; its raw weights
// are checked against config_timing_validation_rules (warnings only).
std::array<double, 12> timing_profile_shares(const SeedTables& seeds, ValidationItems& warnings) {
  const auto& w = seeds.raise_month_weights;
  const TimingRules& rules = seeds.timing_rules;
  double sum = 0.0;
  for (double v : w) sum += v;
  if (std::fabs(sum - rules.sum_target) > rules.sum_tolerance) {
    warnings.push_back(warning(0, "timing_profile_sum",
                               "raise timing profile " + seeds.timing_profile + " sums to " +
                                   shortest_text(std::round(sum * 1e6) / 1e6) + "; rescaled to 1.0",
                               sum, rules.sum_target));
  }
  for (int m = 0; m < 12; ++m) {
    const double v = w[static_cast<std::size_t>(m)];
    if (v < rules.min_month_target - rules.min_month_tolerance) {
      warnings.push_back(warning(0, "timing_profile_min_month",
                                 "raise timing month " + std::to_string(m + 1) + " weight " +
                                     shortest_text(v) + " is below the minimum",
                                 v, rules.min_month_target - rules.min_month_tolerance));
    }
    if (v > rules.max_month_target + rules.max_month_tolerance) {
      warnings.push_back(warning(0, "timing_profile_max_month",
                                 "raise timing month " + std::to_string(m + 1) + " weight " +
                                     shortest_text(v) + " is above the maximum",
                                 v, rules.max_month_target + rules.max_month_tolerance));
    }
  }
  std::array<double, 12> shares{};
  for (std::size_t m = 0; m < 12; ++m) shares[m] = w[m] / sum;
  return shares;
}

// The baseline as the rows carried into the first year (frame.next), so the
// first year starts as every later one does.
void load_baseline(const StagedCensus& census, const EngineConfig& cfg, YearFrame& f) {
  const std::size_t n = census.baseline_size();
  f.size_carry(n);  // every column of every row is written below
  YearFrame::Carried& x = f.next;
  const std::uint64_t run = run_key(cfg.random_seed);
  const auto rows = static_cast<std::int64_t>(n);
  const YearOfDay year_of_day;
  const bool keyed = census.id_key.size() == n;  // stage_census's keys
#pragma omp parallel for schedule(static) if (rows > kParallelRows)
  for (std::int64_t j = 0; j < rows; ++j) {
    const auto i = static_cast<std::size_t>(j);
    x.ref[i] = EmployeeRef::census(static_cast<std::uint32_t>(i));
    x.state[i] = draw_state(run, keyed ? census.id_key[i] : id_key(census.employee_id[i]));
    x.birth_date[i] = census.birth_date[i];
    x.hire_date[i] = census.hire_date[i];
    x.birth_year[i] = static_cast<std::int16_t>(year_of_day(census.birth_date[i]));
    x.hire_year[i] = static_cast<std::int16_t>(year_of_day(census.hire_date[i]));
    x.start_salary[i] = census.salary[i];
    x.start_level[i] = census.level[i];
  }
  f.salts = stream_salts(cfg);
}

std::int64_t count_warnings(const ValidationItems& items) {
  std::int64_t n = 0;
  for (const ValidationItem& item : items) n += item.status == CheckStatus::kWarn ? 1 : 0;
  return n;
}

Error invariant_error(int year, const ValidationItems& checks) {
  for (const ValidationItem& item : checks) {
    if (item.status != CheckStatus::kFail) continue;
    Error e = Error::make(ErrorKind::kInvariantFailed, item.message);
    e.year = year;
    e.check_id = item.check_id;
    return e;
  }
  return Error::make(ErrorKind::kInternal, "invariant_error called without a failed check");
}

// Head counts depend only on N_Y0, q, r and g (§4.10), so the largest year
// (members + hires) is known before the loop: the frame is reserved once
// instead of growing every year (spec §7).
std::size_t max_rows(std::int64_t start_headcount, const EngineConfig& cfg,
                     std::span<const std::int64_t> weights) {
  std::int64_t n = start_headcount;
  std::int64_t most = n;
  for (int year = cfg.start_year; year <= cfg.end_year; ++year) {
    const std::int64_t t = round_half_away_times(cfg.total_termination_rate, n);
    const HiringPlan plan =
        plan_hiring(n, t, cfg.target_growth_rate, cfg.new_hire_termination_rate, weights);
    most = std::max(most, n + plan.hires);
    const std::int64_t nt = round_half_away_times(cfg.new_hire_termination_rate, plan.hires);
    n = n - t + plan.hires - nt;
  }
  return static_cast<std::size_t>(most);
}

}  // namespace

Status validate_against_seeds(const EngineConfig& cfg, const SeedTables& seeds) {
  if (!cfg.level_mix.empty() && static_cast<int>(cfg.level_mix.size()) != seeds.level_count()) {
    return Error::invalid_input("", 0, "hiring.level_mix", "one_weight_per_level",
                                std::to_string(cfg.level_mix.size()),
                                "hiring.level_mix must give one weight for each of the " +
                                    std::to_string(seeds.level_count()) + " levels");
  }
  return Status::success();
}

Result<SimulationResult> simulate(const SimulationInputs& in, const SimulationOptions& options,
                                  YearSink* sink) {
  const EngineConfig& cfg = in.config;
  const SeedTables& seeds = in.seeds;
  PLANWISE_RETURN_IF_ERROR(validate_against_seeds(cfg, seeds));
  SimulationResult result;
  const HiringSetup hiring = prepare_hiring(in.census, cfg, seeds, result.validation);
  RaiseTiming timing;
  timing.method = cfg.raise_timing;
  timing.months = CategoricalTable(seeds.raise_month_weights);
  const std::array<double, 12> month_shares = timing_profile_shares(seeds, result.validation);
  const EmployeeIds ids(in.census.employee_id, in.census.employee_ssn);
  std::vector<bool> hire_uses_cola;
  for (const HireLevelPricing& p : hiring.model.levels) hire_uses_cola.push_back(p.from_reference);

  YearFrame own_frame;
  YearFrame& frame = options.workspace != nullptr ? options.workspace->frame : own_frame;
  frame.clear_rows();
  const std::size_t most_rows =
      max_rows(static_cast<std::int64_t>(in.census.baseline_size()), cfg, hiring.level_weights);
  frame.reserve(most_rows);
  const TerminationWeights termination_weights(seeds);
  load_baseline(in.census, cfg, frame);
  // Two sums in row order, one on each thread.
  std::vector<double> mean_multiplier;
  YearAggregates prior;
#pragma omp parallel sections if (in.census.baseline_size() > kParallelRows)
  {
#pragma omp section
    mean_multiplier = start_next_members(frame, cfg.start_year, termination_weights, seeds);
#pragma omp section
    prior = aggregate_baseline(in.census, cfg.start_year, seeds.level_count());
  }
  frame.commit_carry();
  frame.commit_next_start();
  result.baseline.active = prior.active.count;
  result.baseline.avg_salary = round2(prior.active.fye / static_cast<double>(prior.active.count));

  std::vector<KeyedRow> keys;
  EventLog events;
  // At most three events a row (a member's promotion, raise and exit; a
  // hire's hire and exit), so the log never reallocates.
  if (options.build_events) events.reserve(3 * most_rows, most_rows);
  double cola_drift = 1.0;
  for (int year = cfg.start_year; year <= cfg.end_year; ++year) {
    const YearLevers levers = YearLevers::for_year(in.levers, seeds, year, hire_uses_cola);
    cola_drift = cola_drift * (1.0 + levers.cola);  // M_Y = Π (1 + cola_y), §4.6

    // Issue 13 item 1: the members' start of year, termination draws and
    // promotion means were made beside last year's aggregation (or before
    // the loop). Then the selection, on every thread; then the promotion,
    // raise and timeline of each member with its status, its copy into next
    // year's rows when it stays and, when this year is fully checked, its
    // §6 row checks.
    frame.begin_year(year);
    const bool last_year = year == cfg.end_year;
    const bool check_rows = options.checks == ChecksLevel::kFull || last_year;
    const std::int64_t terminations = choose_experienced_leavers(
        frame, termination_weights, cfg.total_termination_rate, ids, keys);
    // No year follows the last: nothing is carried out of it.
    std::vector<std::uint32_t> carry_at;
    if (!last_year) {
      carry_at = member_carry_offsets(frame);
      frame.size_carry(carry_at.back());
    }
    const CarryToNext carry{carry_at.data(), &termination_weights};
    const RowCheckInputs row_inputs{frame, seeds, levers, hiring.model, cola_drift};
    RowCheckTallies member_checks;
    // A year's detail columns are read by its row checks, the event log and
    // the sink only; an aggregates run without them skips writing them.
    const bool row_detail = check_rows || options.build_events || sink != nullptr;
    MemberEventCounts member_events;
    run_member_pass(frame, levers, seeds, timing, mean_multiplier,
                    check_rows ? &row_inputs : nullptr, &member_checks,
                    last_year ? nullptr : &carry, row_detail, &member_events);
    const HiringPlan plan =
        plan_hiring(static_cast<std::int64_t>(frame.member_count), terminations,
                    cfg.target_growth_rate, cfg.new_hire_termination_rate, hiring.level_weights);
    append_hires(frame, plan, hiring.model, levers, cola_drift, row_detail);
    const NewHireTerminationCounts nh =
        select_new_hire_terminations(frame, cfg.new_hire_termination_rate, ids, keys);
    finish_hire_rows(frame);

    // The aggregation must sum in row order (§0.2), so it is one thread's
    // work; the other copies the active hires into next year's rows, starts
    // them, and sums next year's promotion means (in row order too)
    // meanwhile. Neither changes the year's rows, which the checks and the
    // sink still read.
    // Without the event log, the warning checks' row-order sums and the
    // year's row checks of the hires need no aggregates either. Sections go
    // to threads in order, as each frees. The warning sums are two tasks
    // that read different columns, each about as long as the aggregates or
    // the hires' carry and next year's start; the hires' row checks (eight
    // at a time in lanes) are the shortest and come last, so both threads
    // end about together.
    YearAggregates now;
    const bool checks_beside = check_rows && !options.build_events;
    WarningTallies warning_tallies;
    WarningTallies promotion_tallies;
#pragma omp parallel sections if (frame.size() > kParallelRows)
    {
#pragma omp section
      now = aggregate_year(frame, seeds.level_count(), &member_events);
#pragma omp section
      {
        if (!last_year) {
          carry_active_rows(frame, frame.member_count, carry_at.back());
          start_next_rows(frame, carry_at.back(), frame.next.ref.size(), year + 1,
                          termination_weights);
          mean_multiplier = next_promotion_means(frame, seeds);
        }
      }
#pragma omp section
      if (checks_beside)
        promotion_tallies = gather_promotion_tallies(frame, seeds, levers, hiring.model);
#pragma omp section
      if (checks_beside) warning_tallies = gather_exit_and_raise_tallies(frame);
#pragma omp section
      if (checks_beside)
        check_row_range(row_inputs, frame.member_count, frame.size(), member_checks);
    }
    if (checks_beside) warning_tallies.take_promotions(std::move(promotion_tallies));
    std::vector<GrowthRow> growth = growth_rows(year, now, prior, cfg);
    YearSummary summary = summarize_year(year, plan, nh.selected, now, growth, cfg);

    ValidationItems checks;
    YearCheckContext ctx{frame, ids, seeds, levers,     cfg,          hiring.model,
                         plan,  nh,  now,   cola_drift, month_shares, summary.tuning_metric};
    auto run_checks = [&] {
      if (checks_beside) {
        run_fatal_checks_of_checked_rows(ctx, member_checks, checks);
        run_warning_checks(ctx, warning_tallies, checks);
      } else if (check_rows) {
        run_fatal_checks(ctx, member_checks, checks);
        run_warning_checks(ctx, checks);
      } else {
        run_count_checks(ctx, checks);
      }
    };
    if (options.build_events && frame.size() > kParallelRows) {
      // The checks run on one thread, largely in row order; the event log's
      // rows are filled beside them by the other thread, which the checks
      // join when done. Both only read the year's rows.
      place_events(frame, events);
#pragma omp parallel
      {
#pragma omp single nowait
        run_checks();
        fill_events(frame, levers, events);
      }
    } else {
      run_checks();
      if (options.build_events) build_event_log(frame, levers, events);
    }
    summary.success = !has_failure(checks);
    summary.warning_count = count_warnings(checks);
    summary.validation_passed = summary.success && summary.warning_count == 0;

    if (sink != nullptr) {
      const YearOutput output{
          frame, options.build_events ? &events : nullptr, summary, growth, checks, levers, ids,
          cfg};
      PLANWISE_RETURN_IF_ERROR(sink->on_year(output));
    }
    result.years.push_back(summary);
    result.growth.insert(result.growth.end(), growth.begin(), growth.end());
    result.validation.insert(result.validation.end(), checks.begin(), checks.end());
    if (!summary.success) return invariant_error(year, checks);

    prior = now;
    if (!last_year) {
      frame.commit_carry();
      frame.commit_next_start();
    }
  }
  return result;
}

}  // namespace planwise::engine
