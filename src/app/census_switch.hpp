// Which census the dashboard runs on (issue 14 item 1): the configured one
// (serve --census, or the configuration's census_path) until someone
// switches to a stored census; each switch goes into the audit trail.
#pragma once

#include <filesystem>
#include <string>

#include "app/inputs.hpp"
#include "common/result.hpp"

namespace planwise::app {

// Audit event of a switch of the dashboard's census.
inline constexpr const char* kCensusSwitched = "CENSUS_SWITCHED";

struct CensusChoice {
  std::string sha256;  // of the file; runs on it record the same hash
  std::string name;    // a stored census's name, or the configured file's name
  std::filesystem::path path;
  bool stored = false;
};

// The configured census, hashed. Its sha256 is empty when it cannot be read
// (a run on it then reports why).
CensusChoice configured_census(const InputRequest& inputs);

// One CENSUS_SWITCHED audit entry naming both censuses and the actor.
Status record_census_switch(const std::string& db_path, const std::string& actor,
                            const CensusChoice& from, const CensusChoice& to);

}  // namespace planwise::app
