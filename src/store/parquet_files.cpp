#include "store/parquet_files.hpp"

#include "store/database.hpp"

namespace planwise::store {

Result<TextTable> read_parquet_as_text(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "the file does not exist");
  }
  auto db = Database::open(":memory:", OpenMode::kScratch);
  if (!db) return std::move(db).error();
  auto result = (*db)->query("SELECT * FROM read_parquet(" + sql_literal(path.string()) + ")");
  if (!result) {
    return Error::invalid_input(path.string(), 0, "", "parquet_format", "",
                                "cannot read as Parquet: " + result.error().message);
  }
  TextTable table;
  table.file = path.string();
  table.header = result->columns;
  table.reserve(result->rows.size(), result->rows.size() * 64);
  std::int64_t row_number = 0;
  for (const auto& row : result->rows) {
    table.begin_row(++row_number);
    for (const auto& cell : row)
      table.add_cell(cell ? std::string_view(*cell) : std::string_view());
  }
  return table;
}

Status convert_csv_to_parquet(const std::filesystem::path& csv,
                              const std::filesystem::path& parquet) {
  auto db = Database::open(":memory:", OpenMode::kScratch);
  if (!db) return std::move(db).error();
  return (*db)->execute("COPY (SELECT * FROM read_csv(" + sql_literal(csv.string()) + ")) TO " +
                        sql_literal(parquet.string()) + " (FORMAT parquet)");
}

}  // namespace planwise::store
