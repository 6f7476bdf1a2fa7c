// Internal to store/: how the store keeps a value of the cell interface of
// engine/output_rows.hpp, shared by its two writers of output tables (a
// DuckDB appender, ChunkAppender; a Parquet file, ParquetCellWriter). A NaN
// real and kNoDate are null; every other value is put as its C type.
#pragma once

#include <cstdint>

#include "common/date.hpp"

namespace planwise::store {

// Writer provides null(), put(T) for int64, double and bool, and
// put_date(DayNumber).
template <class Writer>
class StoredCells {
 public:
  void integer(std::int64_t value) { self().put(value); }
  void real(double value) {
    if (value != value)
      self().null();
    else
      self().put(value);
  }
  void money(double value) { self().put(value); }
  void date(DayNumber value) {
    if (value == kNoDate)
      self().null();
    else
      self().put_date(value);
  }
  void boolean(bool value) { self().put(value); }

 private:
  Writer& self() { return static_cast<Writer&>(*this); }
};

}  // namespace planwise::store
