#include "fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string_view>

namespace planwise::fuzz {

namespace fs = std::filesystem;

namespace {

// Rules about a whole file (row 0): nothing to point at but the file.
constexpr std::array<std::string_view, 4> kWholeFileRules = {"file_readable", "parquet_format",
                                                             "baseline_non_empty", "csv_header"};
// Rules about a whole record (a line), not one of its cells: a quote left
// open, or a record with the wrong number of fields.
constexpr std::array<std::string_view, 2> kWholeRecordRules = {"csv_quote", "csv_field_count"};

bool one_of(std::string_view rule, const auto& rules) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

struct Scratch {
  fs::path path;
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/planwise-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) broken("cannot make a scratch folder under $TMPDIR");
    path = pattern;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void expect_located(const Error& e, const std::string& file) {
  if (e.kind != ErrorKind::kInvalidInput) broken("a census refusal is not an input error", &e);
  if (e.file != file) broken("a census refusal does not name the file " + file, &e);
  if (e.rule.empty()) broken("a census refusal names no rule", &e);
  if (one_of(e.rule, kWholeFileRules)) return;
  if (e.row <= 0) broken("a census refusal names no row", &e);
  if (e.column.empty() && !one_of(e.rule, kWholeRecordRules))
    broken("a census refusal names no column", &e);
}

}  // namespace

const fs::path& data_dir() {
  static const fs::path dir = PLANWISE_FUZZ_DATA_DIR;
  return dir;
}

const fs::path& scratch_dir() {
  static const Scratch scratch;
  return scratch.path;
}

fs::path write_scratch(const std::string& name, std::string_view bytes) {
  const fs::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) broken("cannot write " + path.string());
  return path;
}

void broken(const std::string& what, const Error* error) {
  std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n", what.c_str());
  if (error) {
    std::fprintf(stderr, "kind %s, rule '%s', row %lld, column '%s'\n%s\n",
                 error_kind_name(error->kind), error->rule.c_str(),
                 static_cast<long long>(error->row), error->column.c_str(),
                 error->to_string_all().c_str());
  }
  std::abort();
}

void expect_census_refusal(const Error& error, const std::string& file) {
  expect_located(error, file);
  for (const Error& e : error.more) expect_located(e, file);
}

void expect_input_refusal(const Error& error) {
  if (error.kind != ErrorKind::kInvalidInput) broken("a refusal is not an input error", &error);
  // The engine's checks of a configuration against the seeds name the key
  // (hiring.level_mix), not the file, which the engine does not know.
  if (error.file.empty() && error.column.empty())
    broken("a refusal names neither a file nor a key", &error);
}

}  // namespace planwise::fuzz
