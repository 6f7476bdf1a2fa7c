#include "app/run_manifest.hpp"

#include <chrono>
#include <ctime>

#include "common/json_text.hpp"
#include "common/number_text.hpp"

namespace planwise::app {

namespace {
// The manifest holds paths and hashes: JSON string literals (common/json_text.hpp).
std::string quoted(const std::string& text) {
  return json_quoted(text);
}
}  // namespace

std::string year_ms_json(const std::vector<std::pair<int, double>>& year_ms) {
  std::string out = "{";
  for (std::size_t i = 0; i < year_ms.size(); ++i) {
    out += (i ? ", \"" : "\"") + std::to_string(year_ms[i].first) +
           "\": " + shortest_text(year_ms[i].second);
  }
  return out + "}";
}

std::string manifest_json(const ManifestData& d) {
  std::string out = "{\n";
  out += "  \"engine_version\": " + quoted(d.engine_version) + ",\n";
  out += "  \"run_id\": " + (d.run_id.empty() ? std::string("null") : quoted(d.run_id)) + ",\n";
  out += "  \"started_at\": " + quoted(d.started_at) + ",\n";
  out += "  \"finished_at\": " + quoted(d.finished_at) + ",\n";
  out += "  \"inputs\": {\n";
  out += "    \"config\": {\"path\": " + quoted(d.config_path) +
         ", \"sha256\": " + quoted(d.hashes.config) + "},\n";
  out += "    \"census\": {\"path\": " + quoted(d.census_path) +
         ", \"sha256\": " + quoted(d.hashes.census) + "},\n";
  out += "    \"levers\": {\"path\": " + quoted(d.levers_path) +
         ", \"sha256\": " + quoted(d.hashes.levers) + "},\n";
  out += "    \"seeds_sha256\": " + quoted(d.hashes.seeds) + ",\n";
  out += "    \"effective_levers_sha256\": " + quoted(d.hashes.effective_levers) + "\n";
  out += "  },\n";
  out += "  \"elapsed_ms_by_year\": " + year_ms_json(d.year_ms) + ",\n";
  out += "  \"elapsed_ms\": " + shortest_text(d.total_ms) + "\n";
  return out + "}\n";
}

std::string utc_now_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace planwise::app
