// The store keeps yearly_events and workforce_snapshot compactly and shows
// them through SQL views; those views must give exactly the rows and values
// of the CSV export, which the C++ row emitters write.
#include <gtest/gtest.h>

#include "app/run_simulation.hpp"
#include "common/number_text.hpp"
#include "io/csv_reader.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

using test::TempDir;

// Compares a stored table with its CSV export, cell by cell: numbers as
// numbers (DuckDB prints 65200.0 where the CSV has 65200.00), the rest as text.
void expect_same_view_rows(const TextResult& stored, const TextTable& csv,
                           const std::string& table) {
  ASSERT_EQ(stored.columns, csv.header) << table;
  ASSERT_EQ(stored.rows.size(), csv.rows()) << table;
  std::size_t mismatches = 0;
  for (std::size_t r = 0; r < csv.rows() && mismatches < 10; ++r) {
    for (std::size_t c = 0; c < csv.columns(); ++c) {
      const std::string want(csv.cell(r, c));
      const std::string got = stored.rows[r][c].value_or("");
      if (got == want) continue;
      const auto a = parse_double(got), b = parse_double(want);
      if (a && b && *a == *b) continue;
      ADD_FAILURE() << table << " row " << r << " column " << csv.header[c] << ": stored '" << got
                    << "', csv '" << want << "'";
      ++mismatches;
    }
  }
}

TEST(StoredViews, EventsAndSnapshotEqualTheCsvExport) {
  TempDir dir;
  app::SimulateRequest request;
  request.inputs.data_dir = test::data_dir();
  request.inputs.end_year = 2026;
  request.db_path = (dir / "v.duckdb").string();
  request.export_dir = dir / "csv";
  auto outcome = app::run_simulation(request, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  auto db = Database::open(*request.db_path, OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  for (const char* table : {"yearly_events", "workforce_snapshot", "year_summary",
                            "compensation_growth", "effective_parameters", "baseline_workforce"}) {
    auto stored = run_table(**db, *outcome->run_id, table);
    ASSERT_TRUE(stored.ok()) << stored.error().to_string();
    auto csv = io::read_csv_file(dir / "csv" / (std::string(table) + ".csv"));
    ASSERT_TRUE(csv.ok()) << csv.error().to_string();
    expect_same_view_rows(*stored, *csv, table);
  }
}

}  // namespace
}  // namespace planwise::store
