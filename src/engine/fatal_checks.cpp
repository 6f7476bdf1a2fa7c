// Spec §6.1–§6.4: fatal checks, evaluated on the year's rows after the year
// is computed. Each re-derives its property from the stored columns, so a
// bug in a step shows up here rather than in an analyst's report. The
// head-count checks are here; the per-row checks are in row_checks.cpp.
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "engine/year_checks.hpp"

namespace planwise::engine {

namespace {

// Count checks: one failure message each.
class CheckTally {
 public:
  CheckTally(const YearCheckContext& ctx, const char* id, const char* what)
      : ctx_(ctx), id_(id), what_(what) {}
  void fail(const std::string& detail) {
    if (failures_++ == 0) first_ = detail;
  }
  ValidationItem item() const { return fatal_item(ctx_.frame.year, id_, what_, failures_, first_); }

 private:
  const YearCheckContext& ctx_;
  const char* id_;
  const char* what_;
  std::size_t failures_ = 0;
  std::string first_;
};

void check_counts(const YearCheckContext& ctx, ValidationItems& out) {
  const YearFrame& f = ctx.frame;
  const HiringPlan& plan = ctx.plan;
  const YearAggregates& a = ctx.aggregates;
  const std::int64_t n = static_cast<std::int64_t>(f.member_count);
  const std::int64_t h = static_cast<std::int64_t>(f.hire_count());
  const std::int64_t nt = ctx.new_hire_terminations.selected;

  CheckTally s4(ctx, "S4", "snapshot rows = N + H");
  if (static_cast<std::int64_t>(f.size()) != n + plan.hires || h != plan.hires) {
    s4.fail("rows " + std::to_string(f.size()));
  }
  CheckTally h1(ctx, "H1", "T = round(q x N) experienced terminations");
  const std::int64_t t = round_half_away_times(ctx.config.total_termination_rate, n);
  if (plan.terminations != t || a.experienced_terminations != t) {
    h1.fail("T " + std::to_string(a.experienced_terminations) + ", expected " + std::to_string(t));
  }
  CheckTally h2(ctx, "H2", "hires by level sum to H");
  std::int64_t sum = 0;
  std::vector<std::int64_t> rows_by_level(plan.per_level.size(), 0);
  for (std::int64_t v : plan.per_level) sum += v;
  bool levels_in_range = true;  // S3 reports a level out of 1..L; it is not counted here
  for (std::size_t i = f.member_count; i < f.size(); ++i) {
    const std::size_t l = f.start_level[i] - 1u;
    if (l < rows_by_level.size())
      ++rows_by_level[l];
    else
      levels_in_range = false;
  }
  if (sum != plan.hires || rows_by_level != plan.per_level || !levels_in_range)
    h2.fail("sum " + std::to_string(sum));
  CheckTally h3(ctx, "H3", "NT = round(r x H) new-hire terminations");
  const std::int64_t requested = round_half_away_times(ctx.config.new_hire_termination_rate, h);
  const bool shortfall = nt < requested;
  if (ctx.new_hire_terminations.requested != requested || a.new_hire_terminations != nt ||
      (nt != requested && !shortfall)) {
    h3.fail("NT " + std::to_string(a.new_hire_terminations) + ", expected " +
            std::to_string(requested));
  }
  CheckTally h4(ctx, "H4", "end = N - T + H - NT");
  if (a.active.count != n - t + h - nt) h4.fail("end " + std::to_string(a.active.count));
  CheckTally h5(ctx, "H5", "ending head count on target");
  if (plan.need >= 0 && !shortfall && std::llabs(a.active.count - plan.target_end) > 1) {
    h5.fail("end " + std::to_string(a.active.count) + " target " + std::to_string(plan.target_end));
  }
  if (plan.need < 0 && a.active.count != n - t) h5.fail("end above target not N - T");
  CheckTally e9(ctx, "E9", "status counts match event counts");
  if (a.continuous.count + a.experienced_terminations != n ||
      a.new_hire.count + a.new_hire_terminations != h) {
    e9.fail("status counts do not add up to members and hires");
  }
  for (const CheckTally* c : {&s4, &h1, &h2, &h3, &h4, &h5, &e9}) out.push_back(c->item());
}

}  // namespace

namespace {
RowCheckInputs row_inputs(const YearCheckContext& ctx) {
  return RowCheckInputs{ctx.frame, ctx.seeds, ctx.levers, ctx.hire_model, ctx.cola_drift};
}
}  // namespace

void run_fatal_checks(const YearCheckContext& ctx, ValidationItems& out) {
  RowCheckTallies member_rows;
  check_row_range(row_inputs(ctx), 0, ctx.frame.member_count, member_rows);
  run_fatal_checks(ctx, member_rows, out);
}

void run_fatal_checks(const YearCheckContext& ctx, const RowCheckTallies& member_rows,
                      ValidationItems& out) {
  RowCheckTallies rows = member_rows;
  check_row_range(row_inputs(ctx), ctx.frame.member_count, ctx.frame.size(), rows);
  run_fatal_checks_of_checked_rows(ctx, rows, out);
}

void run_fatal_checks_of_checked_rows(const YearCheckContext& ctx, const RowCheckTallies& all_rows,
                                      ValidationItems& out) {
  check_counts(ctx, out);
  all_rows.append_items(row_inputs(ctx), ctx.ids, out);
}

void run_count_checks(const YearCheckContext& ctx, ValidationItems& out) {
  check_counts(ctx, out);
}

bool has_failure(const ValidationItems& items) {
  for (const ValidationItem& item : items) {
    if (item.status == CheckStatus::kFail) return true;
  }
  return false;
}

}  // namespace planwise::engine
