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

struct EventAppender {
  EventLog& log;
  std::uint32_t row;
  std::uint8_t sequence = 0;

  void add(EventCategory category, DayNumber date, double amount, double previous,
           std::uint8_t level, std::uint8_t new_level, ParamSource source) {
    log.row.push_back(row);
    log.category.push_back(category);
    log.date.push_back(date);
    log.sequence.push_back(++sequence);
    log.amount.push_back(amount);
    log.previous.push_back(previous);
    log.level.push_back(level);
    log.new_level.push_back(new_level);
    log.probability.push_back(kNull);
    log.weight.push_back(kNull);
    log.draw.push_back(kNull);
    log.merit_rate.push_back(kNull);
    log.cola_rate.push_back(kNull);
    log.promotion_raise_rate.push_back(kNull);
    log.band_floor.push_back(-1);
    log.source.push_back(source);
  }
};

}  // namespace

void EventLog::clear() {
  clear_all(row, category, date, sequence, amount, previous, level, new_level, probability, weight,
            draw, merit_rate, cola_rate, promotion_raise_rate, band_floor, source);
}

void build_event_log(const YearFrame& f, const YearLevers& levers, EventLog& out) {
  out.clear();
  out.year = f.year;
  for (std::size_t i = 0; i < f.size(); ++i) {
    EventAppender e{out, static_cast<std::uint32_t>(i)};
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
      e.add(EventCategory::kPromotion, promo, f.promo_amount[i], f.promo_previous[i], from,
            static_cast<std::uint8_t>(from + 1), levers.promotion_source[from - 1u]);
      out.probability.back() = f.promo_probability[i];
      out.draw.back() = f.promo_draw[i];
      out.promotion_raise_rate.back() = levers.promotion_raise[from - 1u];
      out.band_floor.back() = static_cast<std::int8_t>(f.promo_band_floor[i]);
    };
    auto add_raise = [&] {
      const std::uint8_t l = f.raise_level[i];
      e.add(EventCategory::kMeritCola, raise, f.raise_amount[i], f.raise_previous[i], l, l,
            levers.raise_source[l - 1u]);
      out.merit_rate.back() = levers.merit[l - 1u];
      out.cola_rate.back() = levers.cola;
    };
    if (promo_first) add_promotion();
    if (raise != kNoDate) add_raise();
    if (promo != kNoDate && !promo_first) add_promotion();
    if (f.exit_date[i] != kNoDate) {
      e.add(hire ? EventCategory::kNewHireTermination : EventCategory::kExperiencedTermination,
            f.exit_date[i], f.salary[i], kNull, f.level[i], f.level[i], ParamSource::kNone);
      out.weight.back() = f.term_weight[i];
      out.draw.back() = f.term_draw[i];
    }
  }
}

}  // namespace planwise::engine
