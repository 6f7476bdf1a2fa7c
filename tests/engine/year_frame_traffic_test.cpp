// Issue 13 item 6: the bytes per employee-year of the benchmark's roofline
// come from a table of the year's passes over the YearFrame columns.
#include "engine/year_frame_traffic.hpp"

#include <gtest/gtest.h>

#include <set>

namespace planwise::engine::traffic {
namespace {

std::ptrdiff_t offset(const void* owner, const void* member) {
  return static_cast<const char*>(member) - static_cast<const char*>(owner);
}

// The frame's columns are its last members, all std::vector: their count
// is the bytes from `ref` to the end over sizeof a vector. A column added
// to YearFrame fails here until kColumns and the passes list it.
TEST(YearFrameTraffic, EveryFrameColumnIsInTheTable) {
  const YearFrame f;
  const auto columns_bytes = static_cast<std::ptrdiff_t>(sizeof(YearFrame)) - offset(&f, &f.ref);
  EXPECT_EQ(columns_bytes % static_cast<std::ptrdiff_t>(sizeof(std::vector<double>)), 0);
  EXPECT_EQ(static_cast<std::size_t>(columns_bytes) / sizeof(std::vector<double>), kColumnCount);
  EXPECT_EQ(offset(&f, &f.raise_level) + static_cast<std::ptrdiff_t>(sizeof(f.raise_level)),
            static_cast<std::ptrdiff_t>(sizeof(YearFrame)));
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    EXPECT_EQ(static_cast<std::size_t>(kColumns[i].col), i) << kColumns[i].name;
}

TEST(YearFrameTraffic, EveryEventLogColumnIsCounted) {
  const EventLog e;
  // row .. source are the event columns; first_of_row (scratch) follows.
  const auto columns_bytes = offset(&e, &e.first_of_row) - offset(&e, &e.row);
  EXPECT_EQ(static_cast<std::size_t>(columns_bytes) / sizeof(std::vector<double>),
            kEventLogColumnCount);
  EXPECT_EQ(kEventBytes, 4u + 1 + 4 + 1 + 8 + 8 + 1 + 1 + 8 * 6 + 1 + 1);
}

TEST(YearFrameTraffic, WidthsAreTheColumnsElementSizes) {
  EXPECT_EQ(kColumns[static_cast<std::size_t>(Col::kSalary)].bytes, sizeof(double));
  EXPECT_EQ(kColumns[static_cast<std::size_t>(Col::kExitDate)].bytes, sizeof(DayNumber));
  EXPECT_EQ(kColumns[static_cast<std::size_t>(Col::kAge)].bytes, sizeof(std::int16_t));
  EXPECT_EQ(kColumns[static_cast<std::size_t>(Col::kStatus)].bytes, sizeof(StatusCode));
}

TEST(YearFrameTraffic, EveryColumnIsTouchedBySomePass) {
  std::set<Col> touched;
  for (const Pass& p : year_passes()) {
    touched.insert(p.reads.begin(), p.reads.end());
    touched.insert(p.writes.begin(), p.writes.end());
  }
  for (const ColumnInfo& c : kColumns) EXPECT_TRUE(touched.count(c.col) == 1) << c.name;
}

// The hires' start of next year reads birth and hire year (2 + 2 bytes) and
// the draw state (8), and writes age, tenure (2 + 2), the two bands (1 + 1),
// the termination weight and draw (8 + 8) and the cleared exit date (4): 38
// bytes per hire row.
TEST(YearFrameTraffic, APassCountsEachColumnReadAndWrittenOncePerRow) {
  std::vector<Pass> start;
  for (const Pass& p : year_passes()) {
    if (p.name == "start_next_rows: hires") start.push_back(p);
  }
  ASSERT_EQ(start.size(), 1u);
  EXPECT_DOUBLE_EQ(per_employee_year(start, {.hire_share = 1.0}).bytes, 38.0);
  // Counted on the hire rows only.
  EXPECT_DOUBLE_EQ(per_employee_year(start, {.hire_share = 0.2}).bytes, 0.2 * 38.0);
  EXPECT_DOUBLE_EQ(per_employee_year(start, {.hire_share = 0.0}).bytes, 0.0);
}

TEST(YearFrameTraffic, AddingAColumnAddsItsBytesTimesTheRowsItsPassesTouch) {
  std::vector<ColumnInfo> columns(kColumns.begin(), kColumns.end());
  const RunShape shape{.hire_share = 0.25};
  std::vector<Pass> passes = year_passes();
  const Traffic before = per_employee_year(passes, shape, columns);
  const auto bonus = static_cast<Col>(kColumnCount);
  columns.push_back({bonus, "bonus", 8});
  passes.push_back({"pay_bonus", Rows::kMembers, When::kAlways, {Col::kSalary}, {bonus}});
  const Traffic after = per_employee_year(passes, shape, columns);
  EXPECT_DOUBLE_EQ(after.bytes - before.bytes, 0.75 * (8 + 8));
  // A wider column costs more in every pass that touches it.
  columns[static_cast<std::size_t>(Col::kSalary)].bytes = 16;
  EXPECT_GT(per_employee_year(passes, shape, columns).bytes, after.bytes + 8);
}

TEST(YearFrameTraffic, ChecksAndTheEventLogAddTheirPasses) {
  const std::vector<Pass> passes = year_passes();
  const RunShape full{.hire_share = 0.15, .row_checks = true};
  RunShape counts_only = full;
  counts_only.row_checks = false;
  RunShape events = full;
  events.event_log = true;
  events.events_per_row = 1.2;
  const double base = per_employee_year(passes, full).bytes;
  EXPECT_LT(per_employee_year(passes, counts_only).bytes, base);
  EXPECT_GT(per_employee_year(passes, events).bytes, base + 1.2 * kEventBytes);
  // Members draw 5 (promotion date and decision, raise month and day, and
  // next year's termination draw); hires 5 when hired, next year's
  // termination draw and 1 more in the warning checks.
  EXPECT_DOUBLE_EQ(per_employee_year(passes, full).draws, 0.85 * 5 + 0.15 * 7);
}

}  // namespace
}  // namespace planwise::engine::traffic
