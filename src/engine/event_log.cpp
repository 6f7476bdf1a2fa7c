// Spec §5.1 yearly_events, materialised from the frame. Application order
// per employee (§4.5): hire, then promotion/raise by date (promotion first
// on a tie), then termination.
#include "engine/event_log.hpp"

#include <limits>

namespace planwise::engine {

namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

template <class... Columns>
void clear_all(Columns&... columns) {
  (columns.clear(), ...);
}

template <class... Columns>
void resize_all(std::size_t n, Columns&... columns) {
  (columns.resize(n), ...);
}

std::uint32_t events_of_row(const YearFrame& f, std::size_t i) {
  return (f.is_hire_row(i) ? 1u : 0u) + (f.promo_date[i] != kNoDate ? 1u : 0u) +
         (f.raise_date[i] != kNoDate ? 1u : 0u) + (f.exit_date[i] != kNoDate ? 1u : 0u);
}

// Writes the events of one row from index k on, in application order.
struct RowEvents {
  EventLog& log;
  std::size_t k;
  std::uint32_t row;
  std::uint8_t sequence = 0;

  void add(EventCategory category, DayNumber date, double amount, double previous,
           std::uint8_t level, std::uint8_t new_level, ParamSource source) {
    log.row[k] = row;
    log.category[k] = category;
    log.date[k] = date;
    log.sequence[k] = ++sequence;
    log.amount[k] = amount;
    log.previous[k] = previous;
    log.level[k] = level;
    log.new_level[k] = new_level;
    log.probability[k] = kNull;
    log.weight[k] = kNull;
    log.draw[k] = kNull;
    log.merit_rate[k] = kNull;
    log.cola_rate[k] = kNull;
    log.promotion_raise_rate[k] = kNull;
    log.band_floor[k] = -1;
    log.source[k] = source;
    ++k;
  }
};

void fill_row(const YearFrame& f, const YearLevers& levers, std::size_t i, EventLog& out) {
  RowEvents e{out, out.first_of_row[i], static_cast<std::uint32_t>(i)};
  const bool hire = f.is_hire_row(i);
  if (hire) {
    const std::uint8_t l = f.start_level[i];
    e.add(EventCategory::kHire, f.hire_date[i], f.start_salary[i], kNull, l, l,
          levers.hire_source[l - 1u]);
  }
  const DayNumber promo = f.promo_date[i];
  const DayNumber raise = f.raise_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);
  auto add_promotion = [&] {
    const std::uint8_t from = f.start_level[i];
    const std::size_t k = e.k;
    e.add(EventCategory::kPromotion, promo, f.promo_amount[i], f.promo_previous[i], from,
          static_cast<std::uint8_t>(from + 1), levers.promotion_source[from - 1u]);
    out.probability[k] = f.promo_probability[i];
    out.draw[k] = f.promo_draw[i];
    out.promotion_raise_rate[k] = levers.promotion_raise[from - 1u];
    out.band_floor[k] = static_cast<std::int8_t>(f.promo_band_floor[i]);
  };
  auto add_raise = [&] {
    const std::uint8_t l = f.raise_level[i];
    const std::size_t k = e.k;
    e.add(EventCategory::kMeritCola, raise, f.raise_amount[i], f.raise_previous[i], l, l,
          levers.raise_source[l - 1u]);
    out.merit_rate[k] = levers.merit[l - 1u];
    out.cola_rate[k] = levers.cola;
  };
  if (promo_first) add_promotion();
  if (raise != kNoDate) add_raise();
  if (promo != kNoDate && !promo_first) add_promotion();
  if (f.exit_date[i] != kNoDate) {
    const std::size_t k = e.k;
    e.add(hire ? EventCategory::kNewHireTermination : EventCategory::kExperiencedTermination,
          f.exit_date[i], f.salary[i], kNull, f.level[i], f.level[i], ParamSource::kNone);
    out.weight[k] = f.term_weight[i];
    out.draw[k] = f.term_draw[i];
  }
}

}  // namespace

void EventLog::clear() {
  clear_all(row, category, date, sequence, amount, previous, level, new_level, probability, weight,
            draw, merit_rate, cola_rate, promotion_raise_rate, band_floor, source);
}

void EventLog::resize(std::size_t events) {
  resize_all(events, row, category, date, sequence, amount, previous, level, new_level, probability,
             weight, draw, merit_rate, cola_rate, promotion_raise_rate, band_floor, source);
}

// Two passes: count each row's events and place them (a prefix sum), then
// fill rows in parallel; the order is the same as a sequential build.
void build_event_log(const YearFrame& f, const YearLevers& levers, EventLog& out) {
  out.year = f.year;
  const std::size_t n = f.size();
  out.first_of_row.resize(n + 1);
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out.first_of_row[i] = total;
    total += events_of_row(f, i);
  }
  out.first_of_row[n] = total;
  out.resize(total);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < static_cast<std::int64_t>(n); ++j)
    fill_row(f, levers, static_cast<std::size_t>(j), out);
}

}  // namespace planwise::engine
