#include "store/keyed_rows.hpp"

#include <cmath>

#include "engine/parallel_rows.hpp"
#include "store/row_files.hpp"

namespace planwise::store {

namespace {

template <class T, class Columns, class Source>
void copy_column(Columns& c, std::size_t column, std::size_t first, std::size_t n, Source source) {
  T* out = c.template data<T>(column);
  for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<T>(source(first + k));
}

// A nullable double column: NaN is null.
template <class Columns>
void copy_nullable(Columns& c, std::size_t column, std::size_t first, std::size_t n,
                   const std::vector<double>& values) {
  double* out = c.template data<double>(column);
  for (std::size_t k = 0; k < n; ++k) {
    const double v = values[first + k];
    out[k] = v;
    if (std::isnan(v)) c.set_null(column, k);
  }
}

template <class Columns>
void fill_run_key(Columns& c, std::size_t n, std::int64_t run_key) {
  std::int64_t* out = c.template data<std::int64_t>(0);
  for (std::size_t k = 0; k < n; ++k) out[k] = run_key;
}

KeyedRowsWriter::Sink make_sink(duckdb_connection connection, const char* table,
                                const std::filesystem::path& row_files, std::int64_t run_key) {
  KeyedRowsWriter::Sink sink;
  if (row_files.empty()) {
    std::vector<duckdb_type> types;
    for (const ParquetColumn& column : row_file_schema(table))
      types.push_back(duckdb_type_of(column.kind));
    sink.table = std::make_unique<TypedChunks>(connection, table, types);
    return sink;
  }
  auto file = create_run_row_file(row_files, table, run_key);
  if (file)
    sink.file = std::move(file).value();
  else
    sink.created = std::move(file).error();
  return sink;
}

}  // namespace

Status KeyedRowsWriter::Sink::status() const {
  PLANWISE_RETURN_IF_ERROR(created);
  return file ? file->status() : table->status();
}

Status KeyedRowsWriter::Sink::close() {
  PLANWISE_RETURN_IF_ERROR(created);
  return file ? file->finish() : table->close();
}

KeyedRowsWriter::KeyedRowsWriter(duckdb_connection connection, std::int64_t run_key, bool snapshot,
                                 bool events, const std::filesystem::path& row_files)
    : run_key_(run_key), employees_(make_sink(connection, "employees", row_files, run_key)) {
  if (snapshot) {
    snapshot_ = std::make_unique<Sink>(make_sink(connection, "snapshot_rows", row_files, run_key));
  }
  if (events) {
    events_ = std::make_unique<Sink>(make_sink(connection, "event_rows", row_files, run_key));
  }
}

Status KeyedRowsWriter::status() const {
  PLANWISE_RETURN_IF_ERROR(employees_.status());
  if (snapshot_) PLANWISE_RETURN_IF_ERROR(snapshot_->status());
  if (events_) PLANWISE_RETURN_IF_ERROR(events_->status());
  return Status::success();
}

Status KeyedRowsWriter::write_baseline_employees(const engine::StagedCensus& census) {
  return employees_.append(census.baseline_size(), [&](std::size_t first, std::size_t n, auto& c) {
    fill_run_key(c, n, run_key_);
    copy_column<std::uint64_t>(c, 1, first, n, [](std::size_t i) {
      return engine::EmployeeRef::census(static_cast<std::uint32_t>(i)).bits;
    });
    for (std::size_t k = 0; k < n; ++k) {
      c.set_text(2, k, census.employee_id[first + k]);
      c.set_text(3, k, census.employee_ssn[first + k]);
    }
    copy_column<std::int32_t>(c, 4, first, n, [&](std::size_t i) { return census.birth_date[i]; });
    copy_column<std::int32_t>(c, 5, first, n, [&](std::size_t i) { return census.hire_date[i]; });
  });
}

Status KeyedRowsWriter::write_year(const engine::YearOutput& y) {
  // The files are independent: for a large year the events are written on
  // a second thread beside the hires and the snapshot. Appenders of one
  // DuckDB connection are not, so the database's tables take one thread.
  const bool files = employees_.file != nullptr;
  Status people;
  Status events;
#pragma omp parallel sections num_threads(2) if (files && y.frame.size() > engine::kParallelRows)
  {
#pragma omp section
    {
      people = write_hires(y);
      if (people.ok()) people = write_snapshot(y);
    }
#pragma omp section
    events = write_events(y);
  }
  PLANWISE_RETURN_IF_ERROR(people);
  return events;
}

Status KeyedRowsWriter::write_hires(const engine::YearOutput& y) {
  const engine::YearFrame& f = y.frame;
  const std::size_t hires_first = f.member_count;
  return employees_.append(f.hire_count(), [&](std::size_t first, std::size_t n, auto& c) {
    fill_run_key(c, n, run_key_);
    char id[engine::kHireIdBufferSize];
    char ssn[engine::kHireIdBufferSize];
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t row = hires_first + first + k;
      c.template data<std::uint64_t>(1)[k] = f.ref[row].bits;
      c.set_text(2, k, y.ids.id(f.ref[row], id));
      c.set_text(3, k, y.ids.ssn(f.ref[row], ssn));
      c.template data<std::int32_t>(4)[k] = f.birth_date[row];
      c.template data<std::int32_t>(5)[k] = f.hire_date[row];
    }
  });
}

Status KeyedRowsWriter::write_snapshot(const engine::YearOutput& y) {
  const engine::YearFrame& f = y.frame;
  if (snapshot_) {
    PLANWISE_RETURN_IF_ERROR(snapshot_->append(f.size(), [&](std::size_t first, std::size_t n,
                                                             auto& c) {
      fill_run_key(c, n, run_key_);
      copy_column<std::uint64_t>(c, 1, first, n, [&](std::size_t i) { return f.ref[i].bits; });
      copy_column<std::int16_t>(c, 2, first, n, [&](std::size_t) { return f.year; });
      copy_column<std::uint8_t>(c, 3, first, n, [&](std::size_t i) { return f.start_level[i]; });
      copy_column<std::uint8_t>(c, 4, first, n, [&](std::size_t i) { return f.level[i]; });
      copy_column<double>(c, 5, first, n, [&](std::size_t i) { return f.start_salary[i]; });
      copy_column<double>(c, 6, first, n, [&](std::size_t i) { return f.prorated[i]; });
      copy_column<double>(c, 7, first, n, [&](std::size_t i) { return f.salary[i]; });
      copy_column<std::uint8_t>(
          c, 8, first, n, [&](std::size_t i) { return static_cast<std::uint8_t>(f.status[i]); });
      std::int32_t* exits = c.template data<std::int32_t>(9);
      for (std::size_t k = 0; k < n; ++k) {
        exits[k] = f.exit_date[first + k];
        if (exits[k] == kNoDate) c.set_null(9, k);
      }
    }));
  }
  return Status::success();
}

Status KeyedRowsWriter::write_events(const engine::YearOutput& y) {
  const engine::YearFrame& f = y.frame;
  if (events_ && y.events != nullptr) {
    const engine::EventLog& e = *y.events;
    PLANWISE_RETURN_IF_ERROR(
        events_->append(e.size(), [&](std::size_t first, std::size_t n, auto& c) {
          fill_run_key(c, n, run_key_);
          copy_column<std::uint64_t>(c, 1, first, n,
                                     [&](std::size_t k) { return f.ref[e.row[k]].bits; });
          copy_column<std::int16_t>(c, 2, first, n, [&](std::size_t) { return e.year; });
          copy_column<std::uint8_t>(c, 3, first, n, [&](std::size_t k) {
            return static_cast<std::uint8_t>(e.category[k]);
          });
          copy_column<std::int32_t>(c, 4, first, n, [&](std::size_t k) { return e.date[k]; });
          copy_column<std::uint8_t>(c, 5, first, n, [&](std::size_t k) { return e.sequence[k]; });
          copy_column<double>(c, 6, first, n, [&](std::size_t k) { return e.amount[k]; });
          copy_nullable(c, 7, first, n, e.previous);
          copy_column<std::uint8_t>(c, 8, first, n, [&](std::size_t k) { return e.level[k]; });
          copy_column<std::uint8_t>(c, 9, first, n, [&](std::size_t k) { return e.new_level[k]; });
          copy_nullable(c, 10, first, n, e.probability);
          copy_nullable(c, 11, first, n, e.weight);
          copy_nullable(c, 12, first, n, e.draw);
          bool* floors = c.template data<bool>(13);
          std::uint8_t* sources = c.template data<std::uint8_t>(14);
          for (std::size_t k = 0; k < n; ++k) {
            floors[k] = e.band_floor[first + k] > 0;
            if (e.band_floor[first + k] < 0) c.set_null(13, k);
            sources[k] = static_cast<std::uint8_t>(e.source[first + k]);
            if (e.source[first + k] == engine::ParamSource::kNone) c.set_null(14, k);
          }
        }));
  }
  return Status::success();
}

Status KeyedRowsWriter::close() {
  // Files are finished side by side (each syncs); appenders on one thread.
  Status people;
  Status events;
#pragma omp parallel sections num_threads(2) if (employees_.file != nullptr)
  {
#pragma omp section
    {
      people = employees_.close();
      if (people.ok() && snapshot_) people = snapshot_->close();
    }
#pragma omp section
    if (events_) events = events_->close();
  }
  PLANWISE_RETURN_IF_ERROR(people);
  return events;
}

}  // namespace planwise::store
