// Spec §5.1 yearly_events, materialised from the frame. Application order
// per employee (§4.5): hire, then promotion/raise by date (promotion first
// on a tie), then termination.
#include "engine/event_log.hpp"

#include "common/huge_pages.hpp"
#include "engine/parallel_rows.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace planwise::engine {

namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// `f` on each of the log's sixteen event columns (first_of_row is scratch).
template <class F>
void each_column(EventLog& log, F&& f) {
  f(log.row);
  f(log.category);
  f(log.date);
  f(log.sequence);
  f(log.amount);
  f(log.previous);
  f(log.level);
  f(log.new_level);
  f(log.probability);
  f(log.weight);
  f(log.draw);
  f(log.merit_rate);
  f(log.cola_rate);
  f(log.promotion_raise_rate);
  f(log.band_floor);
  f(log.source);
}

std::uint32_t events_of_row(const YearFrame& f, std::size_t i) {
  return (f.is_hire_row(i) ? 1u : 0u) + (f.promo_date[i] != kNoDate ? 1u : 0u) +
         (f.raise_date[i] != kNoDate ? 1u : 0u) + (f.exit_date[i] != kNoDate ? 1u : 0u);
}

// The columns a fill touches, as raw pointers copied once per chunk of rows.
// A store through a one-byte column may alias any object, so the vectors'
// own data pointers (in the frame and in the log) would be loaded again
// after every such store; these local copies never escape, so they stay in
// registers.
struct FillColumns {
  // The frame's, read.
  std::size_t member_count;
  const std::uint8_t* start_level;
  const DayNumber* hire_date;
  const double* start_salary;
  const DayNumber* promo_date;
  const double* promo_amount;
  const double* promo_previous;
  const double* promo_probability;
  const double* promo_draw;
  const std::uint8_t* promo_band_floor;
  const DayNumber* raise_date;
  const std::uint8_t* raise_level;
  const double* raise_amount;
  const double* raise_previous;
  const DayNumber* exit_date;
  const double* salary;
  const std::uint8_t* level;
  const double* term_weight;
  const double* term_draw;
  const std::uint32_t* first_of_row;
  // The log's, written.
  std::uint32_t* row;
  EventCategory* category;
  DayNumber* date;
  std::uint8_t* sequence;
  double* amount;
  double* previous;
  std::uint8_t* event_level;
  std::uint8_t* new_level;
  double* probability;
  double* weight;
  double* draw;
  double* merit_rate;
  double* cola_rate;
  double* promotion_raise_rate;
  std::int8_t* band_floor;
  ParamSource* source;

  FillColumns(const YearFrame& f, EventLog& log)
      : member_count(f.member_count),
        start_level(f.start_level.data()),
        hire_date(f.hire_date.data()),
        start_salary(f.start_salary.data()),
        promo_date(f.promo_date.data()),
        promo_amount(f.promo_amount.data()),
        promo_previous(f.promo_previous.data()),
        promo_probability(f.promo_probability.data()),
        promo_draw(f.promo_draw.data()),
        promo_band_floor(f.promo_band_floor.data()),
        raise_date(f.raise_date.data()),
        raise_level(f.raise_level.data()),
        raise_amount(f.raise_amount.data()),
        raise_previous(f.raise_previous.data()),
        exit_date(f.exit_date.data()),
        salary(f.salary.data()),
        level(f.level.data()),
        term_weight(f.term_weight.data()),
        term_draw(f.term_draw.data()),
        first_of_row(log.first_of_row.data()),
        row(log.row.data()),
        category(log.category.data()),
        date(log.date.data()),
        sequence(log.sequence.data()),
        amount(log.amount.data()),
        previous(log.previous.data()),
        event_level(log.level.data()),
        new_level(log.new_level.data()),
        probability(log.probability.data()),
        weight(log.weight.data()),
        draw(log.draw.data()),
        merit_rate(log.merit_rate.data()),
        cola_rate(log.cola_rate.data()),
        promotion_raise_rate(log.promotion_raise_rate.data()),
        band_floor(log.band_floor.data()),
        source(log.source.data()) {}
};

// One event's values; the columns a category does not fill stay null.
struct Event {
  EventCategory category;
  DayNumber date;
  double amount;
  double previous = kNull;
  std::uint8_t level;
  std::uint8_t new_level;
  ParamSource source;
  double probability = kNull;
  double weight = kNull;
  double draw = kNull;
  double merit_rate = kNull;
  double cola_rate = kNull;
  double promotion_raise_rate = kNull;
  std::int8_t band_floor = -1;
};

// Writes each column of event k once.
inline void put(const FillColumns& c, std::size_t k, std::uint32_t row, std::uint8_t sequence,
                const Event& e) {
  c.row[k] = row;
  c.category[k] = e.category;
  c.date[k] = e.date;
  c.sequence[k] = sequence;
  c.amount[k] = e.amount;
  c.previous[k] = e.previous;
  c.event_level[k] = e.level;
  c.new_level[k] = e.new_level;
  c.probability[k] = e.probability;
  c.weight[k] = e.weight;
  c.draw[k] = e.draw;
  c.merit_rate[k] = e.merit_rate;
  c.cola_rate[k] = e.cola_rate;
  c.promotion_raise_rate[k] = e.promotion_raise_rate;
  c.band_floor[k] = e.band_floor;
  c.source[k] = e.source;
}

// The events of row i from first_of_row[i] on, in application order. The
// row's values are read before the first store.
inline void fill_row(const FillColumns& c, const YearLevers& levers, std::size_t i) {
  const bool hire = i >= c.member_count;
  const std::uint8_t start_level = c.start_level[i];
  const DayNumber promo = c.promo_date[i];
  const DayNumber raise = c.raise_date[i];
  const DayNumber exit = c.exit_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);
  Event promotion{};
  if (promo != kNoDate) {
    promotion = {EventCategory::kPromotion,
                 promo,
                 c.promo_amount[i],
                 c.promo_previous[i],
                 start_level,
                 static_cast<std::uint8_t>(start_level + 1),
                 levers.promotion_source[start_level - 1u]};
    promotion.probability = c.promo_probability[i];
    promotion.draw = c.promo_draw[i];
    promotion.promotion_raise_rate = levers.promotion_raise[start_level - 1u];
    promotion.band_floor = static_cast<std::int8_t>(c.promo_band_floor[i]);
  }
  Event merit{};
  if (raise != kNoDate) {
    const std::uint8_t l = c.raise_level[i];
    merit = {EventCategory::kMeritCola,  raise, c.raise_amount[i], c.raise_previous[i], l, l,
             levers.raise_source[l - 1u]};
    merit.merit_rate = levers.merit[l - 1u];
    merit.cola_rate = levers.cola;
  }
  Event leaving{};
  if (exit != kNoDate) {
    const std::uint8_t l = c.level[i];
    leaving = {hire ? EventCategory::kNewHireTermination : EventCategory::kExperiencedTermination,
               exit,
               c.salary[i],
               kNull,
               l,
               l,
               ParamSource::kNone};
    leaving.weight = c.term_weight[i];
    leaving.draw = c.term_draw[i];
  }
  Event hired{};
  if (hire) {
    hired = {EventCategory::kHire,
             c.hire_date[i],
             c.start_salary[i],
             kNull,
             start_level,
             start_level,
             levers.hire_source[start_level - 1u]};
  }

  const auto row = static_cast<std::uint32_t>(i);
  std::size_t k = c.first_of_row[i];
  std::uint8_t sequence = 0;
  if (hire) put(c, k++, row, ++sequence, hired);
  if (promo_first) put(c, k++, row, ++sequence, promotion);
  if (raise != kNoDate) put(c, k++, row, ++sequence, merit);
  if (promo != kNoDate && !promo_first) put(c, k++, row, ++sequence, promotion);
  if (exit != kNoDate) put(c, k, row, ++sequence, leaving);
}

}  // namespace

void EventLog::clear() {
  each_column(*this, [](auto& column) { column.clear(); });
}

void EventLog::reserve(std::size_t events, std::size_t rows) {
  each_column(*this, [events](auto& column) {
    column.reserve(events);
    advise_huge_pages(column);
  });
  first_of_row.reserve(rows + 1);
  advise_huge_pages(first_of_row);
}

void EventLog::resize(std::size_t events) {
  each_column(*this, [events](auto& column) { column.resize(events); });
}

// Each row's count in parallel, then one exclusive prefix sum: a chain of
// integer additions, a fraction of the count's cost.
void place_events(const YearFrame& f, EventLog& out) {
  out.year = f.year;
  const std::size_t n = f.size();
  out.first_of_row.resize(n + 1);
  std::uint32_t* first = out.first_of_row.data();
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < static_cast<std::int64_t>(n); ++j)
    first[j] = events_of_row(f, static_cast<std::size_t>(j));
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += std::exchange(first[i], total);
  first[n] = total;
  out.resize(total);
}

// Rows in chunks taken on demand, so a thread that joins late (simulate's
// checks) takes fewer; each row writes only its own events.
void fill_events(const YearFrame& f, const YearLevers& levers, EventLog& out) {
  constexpr std::int64_t kChunk = 8192;
  const auto n = static_cast<std::int64_t>(f.size());
#pragma omp for schedule(dynamic, 1)
  for (std::int64_t first = 0; first < n; first += kChunk) {
    const FillColumns columns(f, out);  // per chunk: a local of the loop body
    const std::int64_t last = std::min(n, first + kChunk);
    for (std::int64_t j = first; j < last; ++j)
      fill_row(columns, levers, static_cast<std::size_t>(j));
  }
}

void build_event_log(const YearFrame& f, const YearLevers& levers, EventLog& out) {
  place_events(f, out);
#pragma omp parallel if (f.size() > kParallelRows)
  fill_events(f, levers, out);
}

}  // namespace planwise::engine
