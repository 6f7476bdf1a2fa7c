// An in-process API service for the targets that reach it (issue 15 item
// 3): its own database in the scratch folder, the bundled configuration, the
// bundled census's first rows as its census (a body that starts a simulation
// finishes it quickly), and an admin token. Made once per process and never
// destroyed (its jobs may still run at exit).
#pragma once

#include <string>

#include "api/service.hpp"

namespace planwise::fuzz {

inline constexpr const char* kFuzzToken = "fuzz-admin-token-000000000001";

api::Service& fuzz_service();

// A request signed in as the admin, with a JSON body.
api::Request admin_request(const std::string& method, const std::string& path,
                           const std::string& body);

}  // namespace planwise::fuzz
