#include "api/audit_json.hpp"

#include <nlohmann/json.hpp>

namespace planwise::api {

std::string audit_verification_json(const levers::AuditVerification& v, int indent) {
  const nlohmann::json body = {
      {"intact", v.intact},
      {"entries", v.entries},
      {"first_bad_seq", v.first_bad_seq ? nlohmann::json(*v.first_bad_seq) : nlohmann::json()},
      {"first_bad_position", v.intact ? nlohmann::json() : nlohmann::json(v.first_bad_position)},
      {"problem", v.problem},
      {"mode", v.mode},
      {"keyed", v.keyed},
      {"formats",
       {{"legacy", v.legacy_entries},
        {"sha256", v.sha256_entries},
        {"hmac_sha256", v.hmac_entries}}},
      {"unkeyed_prefix", v.unkeyed_prefix},
      {"contents_unchecked", v.contents_unchecked}};
  return body.dump(indent);
}

}  // namespace planwise::api
