// Issue 14 item 2: a stored run's workbook, read back by an independent
// reader (tests/support/xlsx_dump.py) and checked cell by cell against the
// stored tables as DuckDB gives them (app::stored_table).
#include "app/run_workbook.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <tuple>

#include "app/compare.hpp"
#include "app/record_workbooks.hpp"
#include "app/run_export.hpp"
#include "app/run_history.hpp"
#include "app/run_simulation.hpp"
#include "common/date.hpp"
#include "common/number_text.hpp"
#include "support/test_paths.hpp"
#include "support/xlsx_dump.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::TempDir;

constexpr const char* kExportedAt = "2026-12-03T21:22:50Z";

class RunWorkbook : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SimulateRequest r;
    r.inputs.data_dir = test::data_dir();
    r.db_path = db_path();
    auto outcome = run_simulation(r, {});
    ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
    run_id_ = new std::string(*outcome->run_id);
    auto wb = run_workbook(db_path(), run_id(), kExportedAt);
    ASSERT_TRUE(wb.ok()) << wb.error().to_string();
    const fs::path file = *dir_ / "run.xlsx";
    ASSERT_TRUE(write_workbook_file(*wb, file).ok());
    dump_ = new json(planwise::testing::dump_xlsx(file));
  }
  static void TearDownTestSuite() {
    delete dump_;
    delete run_id_;
    delete dir_;
  }
  static std::string db_path() { return (*dir_ / "runs.duckdb").string(); }
  static const std::string& run_id() { return *run_id_; }
  static const json& sheet(const std::string& name) {
    const json* s = planwise::testing::dumped_sheet(*dump_, name);
    EXPECT_NE(s, nullptr) << "no sheet " << name;
    static const json kNone = json::object({{"rows", json::array()}});
    return s ? *s : kNone;
  }
  static store::TextResult table(const std::string& name) {
    auto t = stored_table(db_path(), run_id(), name, PersonalData::kMasked);
    EXPECT_TRUE(t.ok()) << t.error().to_string();
    return t.ok() ? std::move(t).value() : store::TextResult{};
  }
  static const TempDir& dir() { return *dir_; }
  static const json& dump() { return *dump_; }

 private:
  static TempDir* dir_;
  static std::string* run_id_;
  static json* dump_;
};
TempDir* RunWorkbook::dir_ = nullptr;
std::string* RunWorkbook::run_id_ = nullptr;
json* RunWorkbook::dump_ = nullptr;

double excel_serial(const std::string& iso) {
  const auto day = parse_date(iso.substr(0, 10));
  const double seconds = std::stoi(iso.substr(11, 2)) * 3600.0 + std::stoi(iso.substr(14, 2)) * 60 +
                         std::stoi(iso.substr(17, 2));
  return *day + 25569.0 + seconds / 86400.0;
}

// A stored text value and a dumped cell hold the same value.
void expect_same(const std::optional<std::string>& stored, const json& cell,
                 const std::string& where) {
  if (!stored) {
    EXPECT_TRUE(cell.is_null()) << where;
    return;
  }
  ASSERT_FALSE(cell.is_null()) << where << " expected " << *stored;
  if (cell["t"] == "n") {
    // Excel keeps 15 significant digits; libxlsxwriter writes 16 (%.16G).
    const double want = *parse_double(*stored);
    EXPECT_NEAR(cell["v"].get<double>(), want, std::abs(want) * 1e-15) << where;
  } else if (cell["t"] == "b") {
    EXPECT_EQ(cell["v"].get<bool>(), *stored == "true") << where;
  } else {
    EXPECT_EQ(cell["v"].get<std::string>(), *stored) << where;
  }
}

// Every stored row and column (but the logical created_at) is in the sheet.
void expect_table_in_sheet(const store::TextResult& t, const json& s) {
  const json& header = s["rows"][0];
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c] != "created_at") kept.push_back(c);
  ASSERT_EQ(header.size(), kept.size());
  ASSERT_EQ(s["rows"].size(), t.rows.size() + 1);
  for (std::size_t k = 0; k < kept.size(); ++k) EXPECT_EQ(header[k]["v"], t.columns[kept[k]]);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t k = 0; k < kept.size(); ++k) {
      expect_same(t.rows[r][kept[k]], s["rows"][r + 1][k],
                  s["name"].get<std::string>() + " row " + std::to_string(r + 2) + " " +
                      t.columns[kept[k]]);
    }
  }
}

int header_index(const json& s, const std::string& name) {
  const json& header = s["rows"][0];
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c]["v"] == name) return static_cast<int>(c);
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST_F(RunWorkbook, HasItsSheetsInOrderEachWithAFrozenHeaderAndAnAutofilter) {
  std::vector<std::string> names;
  for (const json& s : dump()["sheets"]) {
    names.push_back(s["name"]);
    EXPECT_EQ(s["frozen_rows"], 1) << s["name"];
    const std::size_t rows = s["rows"].size();
    const std::size_t cols = s["rows"][0].size();
    const std::string last_col(1, static_cast<char>('A' + cols - 1));
    EXPECT_EQ(s["autofilter"], "A1:" + last_col + std::to_string(rows)) << s["name"];
  }
  EXPECT_EQ(names,
            std::vector<std::string>(std::begin(kRunWorkbookSheets), std::end(kRunWorkbookSheets)));
}

TEST_F(RunWorkbook, StoredTablesAreCopiedCellByCellWithTheirFormats) {
  expect_table_in_sheet(table("year_summary"), sheet("Year summary"));
  expect_table_in_sheet(table("hires_by_level"), sheet("Hires by level"));
  expect_table_in_sheet(table("compensation_growth"), sheet("Compensation growth"));
  expect_table_in_sheet(table("pay_budget"), sheet("Pay budget"));
  const json& ys = sheet("Year summary");
  const json& first = ys["rows"][1];
  EXPECT_EQ(first[header_index(ys, "simulation_year")]["fmt"], "General");  // 2026, not 2,026
  EXPECT_EQ(first[header_index(ys, "start_headcount")]["fmt"], "#,##0");
  EXPECT_EQ(first[header_index(ys, "success")]["t"], "b");
  EXPECT_EQ(first[header_index(ys, "avg_fye_active")]["fmt"], "$#,##0.00");
  EXPECT_EQ(first[header_index(ys, "avg_comp_growth")]["fmt"], "0.00%");
  EXPECT_EQ(first[header_index(ys, "headcount_growth")]["fmt"], "0.00%");
  // Issue 14 item 3: hires per level are a sheet of their own, not a
  // pipe-joined text cell.
  for (const json& cell : ys["rows"][0]) EXPECT_NE(cell["v"], "hires_by_level");
  const json& hires = sheet("Hires by level");
  EXPECT_EQ(hires["rows"][1][header_index(hires, "level_id")]["fmt"], "General");
  EXPECT_EQ(hires["rows"][1][header_index(hires, "hires")]["fmt"], "#,##0");
  const json& pb = sheet("Pay budget");
  EXPECT_EQ(pb["rows"][1][header_index(pb, "merit_annualised")]["fmt"], "$#,##0.00");
}

TEST_F(RunWorkbook, EventAndSnapshotAggregatesMatchTheStoredRows) {
  // Counted here from the stored employee rows, not by the workbook's SQL.
  using Key = std::tuple<std::string, std::string, std::string>;
  auto count_rows = [](const store::TextResult& t, const char* a, const char* b, const char* c) {
    std::map<Key, std::int64_t> counts;
    std::size_t ia = 0, ib = 0, ic = 0;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (t.columns[i] == a) ia = i;
      if (t.columns[i] == b) ib = i;
      if (t.columns[i] == c) ic = i;
    }
    for (const auto& row : t.rows)
      ++counts[{row[ia].value_or(""), row[ib].value_or(""), row[ic].value_or("")}];
    return counts;
  };
  auto sheet_counts = [](const json& s, const char* a, const char* b, const char* c,
                         const char* n) {
    std::map<Key, std::int64_t> counts;
    const int ia = header_index(s, a), ib = header_index(s, b), ic = header_index(s, c),
              in = header_index(s, n);
    auto text = [](const json& cell) {
      if (cell.is_null()) return std::string();
      if (cell["t"] == "n")
        return std::to_string(static_cast<std::int64_t>(cell["v"].get<double>()));
      return cell["v"].get<std::string>();
    };
    for (std::size_t r = 1; r < s["rows"].size(); ++r) {
      const json& row = s["rows"][r];
      counts[{text(row[ia]), text(row[ib]), text(row[ic])}] =
          static_cast<std::int64_t>(row[in]["v"].get<double>());
    }
    return counts;
  };
  const auto events =
      count_rows(table("yearly_events"), "simulation_year", "event_type", "level_id");
  EXPECT_EQ(
      sheet_counts(sheet("Events by level"), "simulation_year", "event_type", "level_id", "events"),
      events);
  const auto snapshot = count_rows(table("workforce_snapshot"), "simulation_year",
                                   "detailed_status_code", "level_id");
  EXPECT_EQ(sheet_counts(sheet("Snapshot by level"), "simulation_year", "status", "level_id",
                         "headcount"),
            snapshot);
  EXPECT_GT(events.size(), 10u);
  const json& sl = sheet("Snapshot by level");
  EXPECT_EQ(sl["rows"][1][header_index(sl, "avg_fye_compensation")]["fmt"], "$#,##0.00");
}

TEST_F(RunWorkbook, ProvenanceNamesTheRunItsInputsAndTheRealTimes) {
  auto details = show_stored_run(db_path(), run_id());
  ASSERT_TRUE(details.ok());
  const store::RunRecord& run = details->run;
  const json& p = sheet("Provenance");
  using planwise::testing::provenance_value;
  EXPECT_EQ(provenance_value(p, "run_id")["v"], run_id());
  EXPECT_EQ(provenance_value(p, "scenario")["v"], run.scenario);
  EXPECT_EQ(provenance_value(p, "seed")["v"], std::to_string(run.seed));
  EXPECT_EQ(provenance_value(p, "engine_version")["v"], run.engine_version);
  EXPECT_EQ(provenance_value(p, "census_sha256")["v"], run.census_sha256);
  EXPECT_EQ(provenance_value(p, "levers_sha256")["v"], run.levers_sha256);
  EXPECT_EQ(provenance_value(p, "config_sha256")["v"], run.config_sha256);
  EXPECT_EQ(run.census_sha256.size(), 64u);
  const json created = provenance_value(p, "run_created_at");
  EXPECT_EQ(created["fmt"], "yyyy-mm-dd hh:mm:ss");
  EXPECT_NEAR(created["v"].get<double>(), excel_serial(run.created_at), 1e-6);
  EXPECT_GT(created["v"].get<double>(), excel_serial("2020-01-01T00:00:00Z"));  // not 1970
  EXPECT_NEAR(provenance_value(p, "exported_at")["v"].get<double>(), excel_serial(kExportedAt),
              1e-6);
}

TEST_F(RunWorkbook, HoldsNoSsnAndNoEmployeeId) {
  const std::regex ssn(R"(\d{3}-\d{2}-\d{4}|SSN|EMP_)");
  for (const json& s : dump()["sheets"]) {
    for (const json& row : s["rows"]) {
      for (const json& cell : row) {
        if (cell.is_null() || cell["t"] != "s") continue;
        const std::string v = cell["v"];
        EXPECT_FALSE(std::regex_search(v, ssn)) << s["name"] << ": " << v;
      }
    }
  }
}

TEST_F(RunWorkbook, ARowLevelTableThatFitsIsMaskedAsTableExportMasksIt) {
  auto wb =
      table_workbook(db_path(), run_id(), "baseline_workforce", PersonalData::kMasked, kExportedAt);
  ASSERT_TRUE(wb.ok()) << wb.error().to_string();
  const fs::path file = dir() / "snapshot.xlsx";
  ASSERT_TRUE(write_workbook_file(*wb, file).ok());
  const json dump = planwise::testing::dump_xlsx(file);
  const json* s = planwise::testing::dumped_sheet(dump, "baseline_workforce");
  ASSERT_NE(s, nullptr);
  const store::TextResult stored = table("baseline_workforce");
  ASSERT_EQ((*s)["rows"].size(), stored.rows.size() + 1);
  const int ssn = header_index(*s, "employee_ssn");
  const int hire = header_index(*s, "employee_hire_date");
  header_index(*s, "employee_birth_year");
  for (std::size_t r = 1; r < (*s)["rows"].size(); r += 41) {
    EXPECT_EQ((*s)["rows"][r][ssn]["v"].get<std::string>().substr(0, 7), "***-**-");
    EXPECT_EQ((*s)["rows"][r][hire]["fmt"], "yyyy-mm-dd");
  }
  EXPECT_EQ(planwise::testing::provenance_value(
                *planwise::testing::dumped_sheet(dump, "Provenance"), "personal_data")["v"]
                .get<std::string>()
                .substr(0, 6),
            "masked");
}

TEST_F(RunWorkbook, AnExportErrorLeavesNothingAtTheOutputPath) {
  RunExportRequest r;
  r.db_path = db_path();
  r.run_id = run_id();
  r.format = RunExportFormat::kXlsx;
  r.table = "no_such_table";
  r.out = dir() / "bad.xlsx";
  r.exported_at = kExportedAt;
  Status s = export_run_file(r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().column, "table");
  r.table.reset();
  r.run_id = "run_missing";
  r.format = RunExportFormat::kCsv;
  EXPECT_EQ(export_run_file(r).error().kind, ErrorKind::kNotFound);
  for (const auto& entry : fs::directory_iterator(dir().path()))
    EXPECT_EQ(entry.path().filename().string().find("bad.xlsx"), std::string::npos) << entry.path();
  EXPECT_EQ(parse_export_format("xls", "format").error().column, "format");
}

TEST_F(RunWorkbook, AComparisonWorkbookCarriesEveryItemAndYear) {
  CompareRequest q;
  q.inputs.data_dir = test::data_dir();
  q.db_path = db_path();
  q.runs = {run_id(), run_id()};
  auto c = compare(q);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  const fs::path file = dir() / "compare.xlsx";
  ASSERT_TRUE(write_workbook_file(comparison_workbook(*c, kExportedAt), file).ok());
  const json dump = planwise::testing::dump_xlsx(file);
  const json* s = planwise::testing::dumped_sheet(dump, "Comparison");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ((*s)["rows"].size(), c->years.size() * 2 + 1);
  const int growth = header_index(*s, "growth");
  const int delta = header_index(*s, "delta_avg_fye");
  EXPECT_EQ((*s)["rows"][1][growth]["v"].get<double>(), *c->years[0].values[0][2]);
  EXPECT_EQ((*s)["rows"][1][growth]["fmt"], "0.00%");
  EXPECT_EQ((*s)["rows"][2][delta]["v"].get<double>(), 0.0);
  EXPECT_EQ((*s)["rows"][2][delta]["fmt"], "$#,##0.00");
  const json* p = planwise::testing::dumped_sheet(dump, "Provenance");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(planwise::testing::provenance_value(*p, "item 2 run_id")["v"], run_id());
}

}  // namespace
}  // namespace planwise::app
