#include "levers/audit_key.hpp"

#include <mutex>

namespace planwise::levers {

namespace {

// The one process-wide setting of this ring: set once at start-up by the
// transport, read by every append (the server's jobs append from their own
// threads, hence the mutex).
struct KeySetting {
  std::mutex mutex;
  std::optional<std::string> key;
};

KeySetting& setting() {
  static KeySetting s;
  return s;
}

}  // namespace

Status set_audit_key(std::string key) {
  if (key.size() < kMinAuditKeyBytes) {
    return Error::make(ErrorKind::kInvalidInput, "the audit key has " + std::to_string(key.size()) +
                                                     " bytes; an HMAC-SHA256 key needs at least " +
                                                     std::to_string(kMinAuditKeyBytes));
  }
  std::lock_guard lock(setting().mutex);
  setting().key = std::move(key);
  return Status::success();
}

void clear_audit_key() {
  std::lock_guard lock(setting().mutex);
  setting().key.reset();
}

std::optional<std::string> audit_key() {
  std::lock_guard lock(setting().mutex);
  return setting().key;
}

}  // namespace planwise::levers
