#include "fuzz/fuzz_service.hpp"

#include <cstdlib>

#include "fuzz/fuzz_support.hpp"
#include "io/csv_reader.hpp"

namespace planwise::fuzz {

namespace {

// The bundled census's header and first rows, as a file of the scratch folder.
std::filesystem::path small_census_file() {
  auto text = io::read_text_file(data_dir() / "census_preprocessed.csv");
  if (!text) broken("the bundled census does not load", &text.error());
  std::size_t end = 0;
  for (int line = 0; line < 60 && end < text->size(); ++line) {
    const std::size_t newline = text->find('\n', end);
    end = newline == std::string::npos ? text->size() : newline + 1;
  }
  return write_scratch("census.csv", std::string_view(*text).substr(0, end));
}

}  // namespace

api::Service& fuzz_service() {
  static api::Service* service = [] {
    api::ServiceConfig config;
    config.inputs.data_dir = data_dir();
    config.inputs.census_path = small_census_file();
    config.db_path = (scratch_dir() / "api.duckdb").string();
    config.token = kFuzzToken;
    auto* made = new api::Service(config);
    // The service lives until the process ends, but its jobs must not: a
    // job still running at exit holds DuckDB's memory on its own stack,
    // which LeakSanitizer (checking after atexit handlers) reports.
    std::atexit([] { fuzz_service().jobs().shutdown(true); });
    return made;
  }();
  return *service;
}

api::Request admin_request(const std::string& method, const std::string& path,
                           const std::string& body) {
  api::Request r;
  r.method = method;
  r.path = path;
  r.body = body;
  r.authorization = std::string("Bearer ") + kFuzzToken;
  r.content_type = "application/json";
  r.client = "127.0.0.1";
  return r;
}

}  // namespace planwise::fuzz
