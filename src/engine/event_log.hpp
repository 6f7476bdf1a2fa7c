// Spec §5.1: the year's events as columnar buffers, built from the frame's
// event slots in output order (employee order, then event_sequence).
// Nullable doubles hold NaN for null.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "engine/model_types.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"

namespace planwise::engine {

enum class EventCategory : std::uint8_t {
  kHire = 0,
  kExperiencedTermination = 1,
  kNewHireTermination = 2,
  kPromotion = 3,
  kMeritCola = 4,
};
inline constexpr std::array<std::string_view, 5> kEventCategoryLabels = {
    "hire", "experienced_termination", "new_hire_termination", "promotion", "merit_cola"};
// event_type of each category.
inline constexpr std::array<std::string_view, 5> kEventTypeLabels = {
    "hire", "termination", "termination", "promotion", "raise"};

struct EventLog {
  int year = 0;
  std::vector<std::uint32_t> row;  // frame row of the employee
  std::vector<EventCategory> category;
  std::vector<DayNumber> date;
  std::vector<std::uint8_t> sequence;
  std::vector<double> amount;
  std::vector<double> previous;
  std::vector<std::uint8_t> level;
  std::vector<std::uint8_t> new_level;
  std::vector<double> probability;
  std::vector<double> weight;
  std::vector<double> draw;
  std::vector<double> merit_rate;
  std::vector<double> cola_rate;
  std::vector<double> promotion_raise_rate;
  std::vector<std::int8_t> band_floor;  // -1 null
  std::vector<ParamSource> source;

  std::size_t size() const { return row.size(); }
  void clear();
  void resize(std::size_t events);
  // Room for `events` events and `rows` frame rows, in 2 MiB pages where the
  // kernel allows (common/huge_pages.hpp), so no later year reallocates.
  void reserve(std::size_t events, std::size_t rows);

  std::vector<std::uint32_t> first_of_row;  // scratch: first event index of each frame row
};

// The year's events: place_events, then fill_events on every thread.
void build_event_log(const YearFrame& frame, const YearLevers& levers, EventLog& out);

// build_event_log in two steps, so that the fill can share its threads with
// other work (simulate runs the year's checks beside it). place_events sizes
// `out` and places each row's events (first_of_row); fill_events writes them.
// fill_events is an OpenMP worksharing loop: called inside a parallel region
// every thread of the team must call it, and they share the rows; called
// outside one, it fills every row on the calling thread.
void place_events(const YearFrame& frame, EventLog& out);
void fill_events(const YearFrame& frame, const YearLevers& levers, EventLog& out);

}  // namespace planwise::engine
