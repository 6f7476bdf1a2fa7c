#include "io/census_reader.hpp"

#include <vector>

#include "io/census_cells.hpp"
#include "io/csv_reader.hpp"

namespace planwise::io {

Result<engine::CensusRows> parse_census(const TextTable& t) {
  auto columns = find_census_columns(t.header, t.file);
  if (!columns) return std::move(columns).error();
  engine::CensusRows rows;
  rows.file = t.file;
  const std::size_t n = t.rows();
  reserve_census_rows(rows, n);
  ErrorCollector errors;
  std::vector<std::string_view> cells(t.columns());
  std::vector<Error> row_errors;
  for (std::size_t r = 0; r < n && !errors.full(); ++r) {
    for (std::size_t c = 0; c < cells.size(); ++c) cells[c] = t.cell(r, c);
    add_census_row(*columns, cells.data(), t.source_row(r), t.file, rows, row_errors);
    for (Error& e : row_errors) errors.add(std::move(e));
    row_errors.clear();
  }
  if (!errors.empty()) return errors.take();
  return rows;
}

}  // namespace planwise::io
