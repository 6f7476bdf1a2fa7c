// Spec §5.5 run_manifest: engine version, wall-clock start and end, input
// hashes and elapsed time per year. Excluded from byte-identity.
#pragma once

#include <string>
#include <vector>

#include "app/inputs.hpp"

namespace planwise::app {

struct ManifestData {
  std::string engine_version;
  std::string started_at;
  std::string finished_at;
  std::string run_id;
  InputRequest inputs;
  std::string config_path;
  std::string census_path;
  std::string levers_path;
  InputHashes hashes;
  std::vector<std::pair<int, double>> year_ms;
  double total_ms = 0.0;
};

std::string manifest_json(const ManifestData& data);
// {"2025": 1.25, ...}
std::string year_ms_json(const std::vector<std::pair<int, double>>& year_ms);
// ISO-8601 UTC of the current wall clock, e.g. 2026-11-27T12:46:27Z.
std::string utc_now_iso();

}  // namespace planwise::app
