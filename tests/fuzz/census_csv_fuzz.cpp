// libFuzzer target: the census CSV reader (spec §1.1, §1.2; issue 15 item 3).
// The input is a census file. It must stage and simulate, or be refused
// naming file, row and column; and the parallel reader, cut into chunks and
// small windows chosen by the input's length, must give exactly the rows and
// errors of the one-thread table reader (issue 13 item 5).
#include <cstddef>
#include <cstdint>

#include "fuzz/bundled_plan.hpp"
#include "fuzz/census_contract.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"

namespace {

using planwise::Error;
using planwise::fuzz::broken;

void expect_same_error(const Error& a, const Error& b) {
  if (a.to_string_all() != b.to_string_all()) {
    broken("the chunked reader's errors differ from the table reader's:\n" + a.to_string_all() +
               "\n---\n" + b.to_string_all(),
           nullptr);
  }
}

void expect_same_rows(const planwise::engine::CensusRows& a,
                      const planwise::engine::CensusRows& b) {
  bool same = a.size() == b.size() && a.source_row == b.source_row &&
              a.birth_date == b.birth_date && a.hire_date == b.hire_date &&
              a.termination_date == b.termination_date && a.active == b.active;
  for (std::size_t i = 0; same && i < a.size(); ++i) {
    same = a.employee_id[i] == b.employee_id[i] && a.employee_ssn[i] == b.employee_ssn[i] &&
           (a.gross_compensation[i] == b.gross_compensation[i] ||
            (a.gross_compensation[i] != a.gross_compensation[i] &&
             b.gross_compensation[i] != b.gross_compensation[i]));
  }
  if (!same) broken("the chunked reader's rows differ from the table reader's");
}

}  // namespace

// The bundled plan is loaded before the first input, not in its time.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::bundled_plan();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace planwise;
  const std::string file = "census.csv";
  const std::string_view text = fuzz::text_of(data, size);

  auto one_thread = [&]() -> Result<engine::CensusRows> {
    auto table = io::parse_csv_text(text, file);
    if (!table) return std::move(table).error();
    return io::parse_census(*table);
  }();

  io::CsvReadOptions options;
  options.chunks = 1 + size % 4;
  options.window_bytes = 16 + size % 61;
  auto chunked = io::parse_census_csv(text, file, options);

  if (one_thread.ok() != chunked.ok())
    broken("the chunked and table readers disagree on whether the census reads",
           one_thread.ok() ? &chunked.error() : &one_thread.error());
  if (chunked.ok())
    expect_same_rows(*one_thread, *chunked);
  else
    expect_same_error(one_thread.error(), chunked.error());

  fuzz::expect_census_runs_or_is_refused(chunked, file);
  return 0;
}
