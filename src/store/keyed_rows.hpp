// Internal to store/: writes a run's employees, snapshot rows and events in
// the compact keyed form of schema.hpp, straight from the engine's columns.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/simulate.hpp"
#include "store/typed_chunks.hpp"

namespace planwise::store {

class KeyedRowsWriter {
 public:
  KeyedRowsWriter(duckdb_connection connection, std::int64_t run_key, bool snapshot, bool events);
  Status status() const;
  Status write_baseline_employees(const engine::StagedCensus& census);
  Status write_year(const engine::YearOutput& year);
  Status close();

 private:
  std::int64_t run_key_;
  TypedChunks employees_;
  std::unique_ptr<TypedChunks> snapshot_;
  std::unique_ptr<TypedChunks> events_;
};

}  // namespace planwise::store
