// Issue 14 item 2: the typed workbook writer, read back by an independent
// reader (tests/support/xlsx_dump.py: zipfile + xml.etree).
#include "io/xlsx_workbook.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_paths.hpp"
#include "support/xlsx_dump.hpp"

namespace planwise::io {
namespace {

namespace fs = std::filesystem;

XlsxWorkbook typed_workbook() {
  XlsxSheet s;
  s.name = "Typed";
  s.columns = {
      {"year", CellKind::kInteger}, {"pay", CellKind::kMoney},    {"growth", CellKind::kPercent},
      {"hired", CellKind::kDate},   {"at", CellKind::kDateTime},  {"ok", CellKind::kBool},
      {"note", CellKind::kText},    {"ratio", CellKind::kNumber}, {"level", CellKind::kKey}};
  s.rows.push_back({integer_cell(2026), money_cell(81234.56), percent_cell(0.0235),
                    *date_cell("2026-12-31"), *date_time_cell("2026-12-03T21:22:50Z"),
                    bool_cell(true), text_cell("first"), number_cell(0.125), key_cell(2026)});
  s.rows.push_back({integer_cell(2027), XlsxCell{}, percent_cell(-0.01), *date_cell("1970-01-01"),
                    *date_time_cell("2027-01-01 00:00:00.5"), bool_cell(false), text_cell(""),
                    number_cell(3), key_cell(1)});
  XlsxSheet other;
  other.name = "Second";
  other.columns = {{"a", CellKind::kText}};
  return {{s, other}};
}

TEST(XlsxWorkbook, CellsKeepTheirTypesAndNumberFormats) {
  const test::TempDir tmp;
  const fs::path file = tmp / "typed.xlsx";
  ASSERT_TRUE(write_xlsx(typed_workbook(), file).ok());
  const auto dump = planwise::testing::dump_xlsx(file);
  ASSERT_EQ(dump["sheets"].size(), 2u);
  EXPECT_EQ(dump["sheets"][1]["name"], "Second");
  const auto& s = dump["sheets"][0];
  EXPECT_EQ(s["name"], "Typed");
  const auto& header = s["rows"][0];
  EXPECT_EQ(header[0]["v"], "year");
  EXPECT_EQ(header[7]["v"], "ratio");
  const auto& r = s["rows"][1];
  EXPECT_EQ(r[0]["v"], 2026.0);
  EXPECT_EQ(r[0]["fmt"], "#,##0");
  EXPECT_EQ(r[1]["v"], 81234.56);
  EXPECT_EQ(r[1]["fmt"], "$#,##0.00");
  EXPECT_EQ(r[2]["v"], 0.0235);
  EXPECT_EQ(r[2]["fmt"], "0.00%");
  // 2026-12-31 is Excel serial 46387 (1900 date system).
  EXPECT_EQ(r[3]["v"], 46387.0);
  EXPECT_EQ(r[3]["fmt"], "yyyy-mm-dd");
  EXPECT_NEAR(r[4]["v"].get<double>(), 46359.0 + (21 * 3600 + 22 * 60 + 50) / 86400.0, 1e-9);
  EXPECT_EQ(r[4]["fmt"], "yyyy-mm-dd hh:mm:ss");
  EXPECT_EQ(r[5]["t"], "b");
  EXPECT_EQ(r[5]["v"], true);
  EXPECT_EQ(r[5]["fmt"], "\"TRUE\";\"TRUE\";\"FALSE\"");
  EXPECT_EQ(r[8]["v"], 2026.0);
  EXPECT_EQ(r[8]["fmt"], "General");  // a year: no thousands separator
  EXPECT_EQ(r[6]["v"], "first");
  EXPECT_EQ(r[7]["v"], 0.125);
  EXPECT_EQ(r[7]["fmt"], "General");
  const auto& r2 = s["rows"][2];
  EXPECT_TRUE(r2[1].is_null());  // an empty cell is absent, not zero
  EXPECT_EQ(r2[3]["v"], 25569.0);
  EXPECT_NEAR(r2[4]["v"].get<double>(), 46388.0 + 0.5 / 86400.0, 1e-9);
}

TEST(XlsxWorkbook, EverySheetHasAFrozenHeaderAndAnAutofilterOverItsTable) {
  const test::TempDir tmp;
  const fs::path file = tmp / "panes.xlsx";
  ASSERT_TRUE(write_xlsx(typed_workbook(), file).ok());
  const auto dump = planwise::testing::dump_xlsx(file);
  EXPECT_EQ(dump["sheets"][0]["frozen_rows"], 1);
  EXPECT_EQ(dump["sheets"][0]["frozen_cols"], 0);
  EXPECT_EQ(dump["sheets"][0]["autofilter"], "A1:I3");
  EXPECT_EQ(dump["sheets"][1]["frozen_rows"], 1);
  EXPECT_EQ(dump["sheets"][1]["autofilter"], "A1");  // a header without rows
}

TEST(XlsxWorkbook, TextOfEachKindParsesOrIsRefused) {
  EXPECT_EQ(cell_from_text(CellKind::kInteger, "12")->number, 12.0);
  EXPECT_FALSE(cell_from_text(CellKind::kInteger, "12.5"));
  EXPECT_EQ(cell_from_text(CellKind::kPercent, "0.02")->kind, CellKind::kPercent);
  EXPECT_EQ(cell_from_text(CellKind::kMoney, std::nullopt)->kind, CellKind::kEmpty);
  EXPECT_EQ(cell_from_text(CellKind::kBool, "false")->number, 0.0);
  EXPECT_FALSE(cell_from_text(CellKind::kBool, "yes"));
  EXPECT_FALSE(cell_from_text(CellKind::kDate, "2026-02-30"));
  EXPECT_FALSE(cell_from_text(CellKind::kDateTime, "2026-02-03T25:00:00Z"));
  EXPECT_EQ(cell_from_text(CellKind::kDateTime, "2026-02-03 10:00:00+00")->kind,
            CellKind::kDateTime);
}

TEST(XlsxWorkbook, ABadSheetNameIsRefusedAndNothingIsWritten) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  XlsxWorkbook wb = typed_workbook();
  wb.sheets[1].name = "a/b";
  const Status s = write_xlsx(wb, dir / "out.xlsx");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(s.error().column, "sheet a/b");
  EXPECT_EQ(s.error().rule, "sheet_name");
  EXPECT_TRUE(fs::is_empty(dir));
  wb.sheets[1].name = "typed";  // the same name as "Typed" to Excel
  EXPECT_EQ(write_xlsx(wb, dir / "out.xlsx").error().rule, "sheet_unique");
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(XlsxWorkbook, ASheetPastExcelsRowLimitIsRefused) {
  XlsxSheet s;
  s.name = "Rows";
  s.columns = {{"a", CellKind::kInteger}};
  s.rows.assign(static_cast<std::size_t>(kXlsxMaxRows), {XlsxCell{}});  // + header: one too many
  const auto bytes = xlsx_bytes({{s}});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().rule, "excel_row_limit");
  EXPECT_NE(bytes.error().message.find("CSV or Parquet"), std::string::npos);
}

TEST(XlsxWorkbook, AnUnwritableFolderIsAnErrorNamingTheFileAndLeavesNothing) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  const fs::path file = dir / "no_such_folder" / "out.xlsx";
  const Status s = write_xlsx(typed_workbook(), file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kStorage);
  EXPECT_NE(s.error().message.find(file.string()), std::string::npos) << s.error().message;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(XlsxWorkbook, BytesAreTheSameWorkbook) {
  const auto bytes = xlsx_bytes(typed_workbook());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->substr(0, 2), "PK");  // a zip archive
}

}  // namespace
}  // namespace planwise::io
