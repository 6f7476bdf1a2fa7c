#include "app/census_file.hpp"

#include <system_error>

#include "io/census_reader.hpp"
#include "io/csv_table_writer.hpp"
#include "store/parquet_files.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;
using engine::ColumnDef;
using engine::ColumnType;

constexpr ColumnDef kCensusColumns[] = {
    {"employee_id", ColumnType::kText},
    {"employee_ssn", ColumnType::kText},
    {"employee_birth_date", ColumnType::kDate},
    {"employee_hire_date", ColumnType::kDate},
    {"employee_termination_date", ColumnType::kDate},
    {"employee_gross_compensation", ColumnType::kDouble},
    {"active", ColumnType::kBool},
};
constexpr engine::TableDef kCensusTable{"census", kCensusColumns};

Status write_census_csv(const engine::CensusRows& rows, const fs::path& path) {
  auto opened = io::CsvTableWriter::open(path, kCensusTable);
  if (!opened) return std::move(opened).error();
  io::CsvTableWriter& w = **opened;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    w.text(rows.employee_id[i]);
    w.text(rows.employee_ssn[i]);
    w.date(rows.birth_date[i]);
    w.date(rows.hire_date[i]);
    w.date(rows.termination_date[i]);
    w.real(rows.gross_compensation[i]);
    if (rows.active[i] < 0)
      w.null();
    else
      w.boolean(rows.active[i] != 0);
    w.end_row();
  }
  return w.close();
}

}  // namespace

const engine::TableDef& census_table() {
  return kCensusTable;
}

Result<engine::CensusRows> read_census_file(const fs::path& path) {
  if (path.extension() == ".parquet") {
    auto table = store::read_parquet_as_text(path);
    if (!table) return std::move(table).error();
    return io::parse_census(*table);
  }
  return io::read_census_csv(path);
}

Status write_census_file(const engine::CensusRows& rows, const fs::path& out) {
  const bool parquet = out.extension() == ".parquet";
  // The temporary files keep their format's extension for DuckDB's COPY.
  const fs::path csv_tmp = fs::path(out.string() + ".tmp.csv");
  const fs::path parquet_tmp = fs::path(out.string() + ".tmp.parquet");
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove(csv_tmp, ec);
    fs::remove(parquet_tmp, ec);
  };
  Status written = write_census_csv(rows, csv_tmp);
  if (written.ok() && parquet) written = store::convert_csv_to_parquet(csv_tmp, parquet_tmp);
  if (!written.ok()) {
    cleanup();
    return written;
  }
  std::error_code ec;
  fs::rename(parquet ? parquet_tmp : csv_tmp, out, ec);
  cleanup();
  if (ec) {
    Error error = Error::make(ErrorKind::kStorage,
                              out.string() + ": cannot write the census: " + ec.message());
    error.file = out.string();
    return error;
  }
  return Status::success();
}

}  // namespace planwise::app
