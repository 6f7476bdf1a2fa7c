#include "app/request_impact.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/run_budget.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "common/sha256.hpp"
#include "engine/simulate.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::app {

namespace {

// One employee row at a year's end: what "affected" compares.
struct Outcome {
  std::uint64_t ref = 0;
  double salary = 0.0;  // FYE
  std::uint8_t level = 0;
  std::uint8_t status = 0;
  bool operator<(const Outcome& o) const { return ref < o.ref; }
};

// Keeps every year's rows (sorted by employee) beside the pay budget, so the
// two simulations can be compared employee by employee afterwards.
class OutcomeSink : public engine::YearSink {
 public:
  Status on_year(const engine::YearOutput& year) override {
    PLANWISE_RETURN_IF_ERROR(budget_.on_year(year));
    const engine::YearFrame& f = year.frame;
    std::vector<Outcome>& rows = years_.emplace_back();
    rows.reserve(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      rows.push_back(
          {f.ref[i].bits, f.salary[i], f.level[i], static_cast<std::uint8_t>(f.status[i])});
    }
    std::sort(rows.begin(), rows.end());
    return Status::success();
  }
  const std::vector<std::vector<Outcome>>& years() const { return years_; }
  const std::vector<BudgetYear>& budget() const { return budget_.years(); }

 private:
  BudgetSink budget_;
  std::vector<std::vector<Outcome>> years_;
};

// Refs that differ in any year: present in one run only, or with another
// salary, level or status.
std::int64_t count_affected(const OutcomeSink& a, const OutcomeSink& b) {
  std::vector<std::uint64_t> affected;
  const std::size_t n = std::min(a.years().size(), b.years().size());
  for (std::size_t y = 0; y < n; ++y) {
    const auto& xs = a.years()[y];
    const auto& ys = b.years()[y];
    std::size_t i = 0, j = 0;
    while (i < xs.size() || j < ys.size()) {
      if (j == ys.size() || (i < xs.size() && xs[i].ref < ys[j].ref)) {
        affected.push_back(xs[i++].ref);
      } else if (i == xs.size() || ys[j].ref < xs[i].ref) {
        affected.push_back(ys[j++].ref);
      } else {
        if (xs[i].salary != ys[j].salary || xs[i].level != ys[j].level ||
            xs[i].status != ys[j].status) {
          affected.push_back(xs[i].ref);
        }
        ++i;
        ++j;
      }
    }
  }
  std::sort(affected.begin(), affected.end());
  return static_cast<std::int64_t>(std::unique(affected.begin(), affected.end()) -
                                   affected.begin());
}

// What a cap's pool plans in a budget year (docs/model.md §6.8): a pool's
// annualised amount, the four pools' total, or the total prorated payroll.
double planned(const engine::PayBudgetRow& t, const std::string& pool) {
  if (pool == "merit") return t.merit.annualised;
  if (pool == "cola") return t.cola.annualised;
  if (pool == "promotion") return t.promotion.annualised;
  if (pool == "payroll") return t.total_payroll_prorated;
  return t.merit.annualised + t.cola.annualised + t.promotion.annualised +
         t.new_hire_premium.annualised;
}

std::optional<double> mean_growth(const std::vector<engine::YearSummary>& years) {
  double sum = 0.0;
  int n = 0;
  for (const engine::YearSummary& y : years) {
    if (!y.avg_comp_growth) continue;
    sum += *y.avg_comp_growth;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

}  // namespace

Result<RequestImpact> simulate_request_impact(const LoadedInputs& in,
                                              const engine::ResolvedLevers& published,
                                              const engine::ResolvedLevers& proposed,
                                              const std::vector<store::BudgetCap>& caps) {
  const auto start = std::chrono::steady_clock::now();
  engine::SimulationOptions aggregates_only;
  aggregates_only.build_events = false;
  OutcomeSink before_sink;
  OutcomeSink after_sink;
  auto before = engine::simulate({in.config.engine, in.seeds, published, in.census},
                                 aggregates_only, &before_sink);
  if (!before) return std::move(before).error();
  auto after = engine::simulate({in.config.engine, in.seeds, proposed, in.census}, aggregates_only,
                                &after_sink);
  if (!after) return std::move(after).error();
  RequestImpact out;
  bool any_cap = false;
  double variance = 0.0;
  for (std::size_t i = 0; i < before->years.size() && i < after->years.size(); ++i) {
    const engine::YearSummary& a = before->years[i];
    const engine::YearSummary& b = after->years[i];
    store::RequestYearRow y;
    y.year = a.year;
    y.cost_published = a.total_prorated_compensation;
    y.cost_proposed = b.total_prorated_compensation;
    y.headcount_published = a.end_headcount;
    y.headcount_proposed = b.end_headcount;
    y.avg_pay_published = a.avg_fye_active;
    y.avg_pay_proposed = b.avg_fye_active;
    y.growth_published = a.avg_comp_growth;
    y.growth_proposed = b.avg_comp_growth;
    for (const store::BudgetCap& c : caps) {
      if (c.year != y.year || i >= after_sink.budget().size()) continue;
      const double v = planned(after_sink.budget()[i].total, c.pool) - c.amount;
      y.budget_variance = y.budget_variance.value_or(0.0) + v;
      variance += v;
      any_cap = true;
    }
    out.cost_impact += y.cost_proposed - y.cost_published;
    out.years.push_back(y);
  }
  out.cost_impact = std::round(out.cost_impact * 100.0) / 100.0;
  if (any_cap) out.budget_variance = std::round(variance * 100.0) / 100.0;
  const auto g_before = mean_growth(before->years);
  const auto g_after = mean_growth(after->years);
  if (g_before && g_after) out.growth_change = *g_after - *g_before;
  out.employees_affected = count_affected(before_sink, after_sink);
  out.simulate_ms = ms_since(start);
  return out;
}

Result<std::string> published_digest(levers::LeverStore& store, const std::string& scenario) {
  auto range = store.year_range();
  if (!range) return std::move(range).error();
  auto resolved = store.effective(scenario, range->first, range->second);
  if (!resolved) return std::move(resolved).error();
  const engine::ResolvedLevers& lv = resolved->levers;
  std::string text;
  for (const levers::LeverSpec& spec : levers::lever_specs()) {
    for (int y = lv.start_year(); y <= lv.end_year(); ++y) {
      for (int l = 1; l <= lv.level_count(); ++l) {
        const engine::ResolvedLever& c = lv.at(spec.param, y, l);
        text += std::string(spec.name) + ' ' + std::to_string(y) + ' ' + std::to_string(l) + ' ' +
                shortest_text(c.value) + (c.is_locked.value_or(false) ? " locked\n" : "\n");
      }
    }
  }
  return sha256_hex(text);
}

}  // namespace planwise::app
