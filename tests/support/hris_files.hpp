// Issue 14 item 6: HRIS-style census exports written by the tests
// themselves (never copied from anywhere): a Workday-style file with
// annual and hourly pay, statuses, a contractor to exclude and one
// duplicated worker. The rows are kept as values so a test can recompute
// what the preview must say.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/text_table.hpp"
#include "io/csv_reader.hpp"

namespace planwise::test {

struct HrisDate {
  int year = 0, month = 0, day = 0;
  std::string us() const {  // MM/DD/YYYY
    char b[48];
    std::snprintf(b, sizeof b, "%02d/%02d/%04d", month, day, year);
    return b;
  }
  std::string iso() const {
    char b[48];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", year, month, day);
    return b;
  }
  bool operator>(const HrisDate& o) const {
    return year != o.year ? year > o.year : month != o.month ? month > o.month : day > o.day;
  }
};

struct HrisRow {
  std::string id;
  std::string ssn;
  HrisDate birth, hire;
  std::optional<HrisDate> termination;
  std::string type = "Regular";  // "Contractor" rows are excluded by the tests' maps
  std::optional<double> annual;  // Annual Base Salary
  std::optional<double> hourly;  // Hourly Rate (annual empty)
  double weekly_hours = 40;

  // What the census should hold: annual pay, hourly x weekly hours x 52.
  double annual_pay() const { return annual ? *annual : *hourly * weekly_hours * 52; }
};

// `n` workers (n >= 10), deterministic: every 7th terminated in 2024, every
// 5th hourly, worker 4 a contractor, and worker 2 listed twice (the second
// time with an earlier hire date, so the first row is kept). Birth days run
// up to 28 and termination days are 13 or more, so the dates read only as
// MM/DD/YYYY.
inline std::vector<HrisRow> workday_rows(int n) {
  std::vector<HrisRow> rows;
  for (int i = 1; i <= n; ++i) {
    HrisRow r;
    char id[32], ssn[32];
    std::snprintf(id, sizeof id, "W%04d", 1000 + i);
    std::snprintf(ssn, sizeof ssn, "%03d-%02d-%04d", 100 + i % 800, 10 + i % 89, 1000 + i);
    r.id = id;
    r.ssn = ssn;
    r.hire = {2005 + i % 19, 1 + (i * 5) % 12, 1 + (i * 3) % 28};
    // Hired at 20 or older, as an HRIS would have it.
    r.birth = {std::min(1960 + i % 40, r.hire.year - 20), 1 + i % 12, 1 + (i * 7) % 28};
    if (i % 7 == 0) r.termination = HrisDate{2024, 1 + i % 12, 13 + i % 15};
    if (i == 4) r.type = "Contractor";
    if (i % 5 == 0) {
      r.hourly = 20.0 + i % 17 + 0.25;
      r.weekly_hours = i % 10 == 0 ? 30 : 40;
    } else {
      r.annual = 58000.0 + 1375.0 * (i % 53);
    }
    rows.push_back(r);
  }
  HrisRow again = rows[1];
  again.hire = {2003, 2, 14};
  rows.push_back(again);
  return rows;
}

// "$85,000.00", quoted for the comma, as exports show money.
inline std::string money_cell(double v) {
  char b[48];
  std::snprintf(b, sizeof b, "%.2f", v < 0 ? -v : v);
  std::string digits = b;
  for (auto at = static_cast<std::ptrdiff_t>(digits.find('.')) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return std::string("\"") + (v < 0 ? "-$" : "$") + digits + "\"";
}

// Workday-style export: US dates, dollar amounts, an hourly-rate column
// beside the annual salary, and columns the census does not use.
inline std::string workday_csv(const std::vector<HrisRow>& rows) {
  std::string out =
      "Worker ID,National ID,Date of Birth,Original Hire Date,Hire Date,Termination Date,"
      "Worker Status,Worker Type,Cost Center,Annual Base Salary,Hourly Rate,Scheduled Weekly "
      "Hours\n";
  for (const HrisRow& r : rows) {
    out += r.id + "," + r.ssn + "," + r.birth.us() + "," + r.hire.us() + "," + r.hire.us() + "," +
           (r.termination ? r.termination->us() : "") + "," +
           (r.termination ? "Terminated" : "Active") + "," + r.type + ",CC" +
           std::to_string(r.id.back() - '0') + "," + (r.annual ? money_cell(*r.annual) : "") + "," +
           (r.hourly ? money_cell(*r.hourly) : "") + "," +
           std::to_string(static_cast<int>(r.weekly_hours)) + "\n";
  }
  return out;
}

// An export's text read as the CSV reader reads a file named hris.csv.
inline TextTable hris_table(const std::string& text) {
  auto t = io::parse_csv_text(text, "hris.csv");
  EXPECT_TRUE(t.ok()) << t.error().to_string_all();
  return t.ok() ? std::move(t).value() : TextTable{};
}

}  // namespace planwise::test
