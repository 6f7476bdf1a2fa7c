// Employee id text on demand: census ids from the staged arena, hire ids
// formatted from (year, seq) into a caller's stack buffer (spec §7). Used
// for the byte-wise id tie-break of every selection (§3.6) and by writers.
#pragma once

#include <string_view>

#include "common/string_column.hpp"
#include "engine/model_types.hpp"

namespace planwise::engine {

class EmployeeIds {
 public:
  EmployeeIds(const StringColumn& census_ids, const StringColumn& census_ssns)
      : ids_(&census_ids), ssns_(&census_ssns) {}

  // `buffer` must hold kHireIdBufferSize chars; the view may point into it.
  std::string_view id(EmployeeRef ref, char* buffer) const {
    if (!ref.is_hire()) return (*ids_)[ref.census_index()];
    return {buffer, format_hire_id(ref.hire_year(), ref.hire_seq(), buffer)};
  }
  std::string_view ssn(EmployeeRef ref, char* buffer) const {
    if (!ref.is_hire()) return (*ssns_)[ref.census_index()];
    return {buffer, format_hire_ssn(ref.hire_year(), ref.hire_seq(), buffer)};
  }
  // Byte-wise "a < b" on the id text.
  bool less(EmployeeRef a, EmployeeRef b) const {
    char buffer_a[kHireIdBufferSize];
    char buffer_b[kHireIdBufferSize];
    return id(a, buffer_a) < id(b, buffer_b);
  }

 private:
  const StringColumn* ids_;
  const StringColumn* ssns_;
};

}  // namespace planwise::engine
