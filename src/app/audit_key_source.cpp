#include "app/audit_key_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "levers/audit_key.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> given(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Error key_error(const std::string& file, const std::string& rule, const std::string& message) {
  return Error::invalid_input(file, 0, "", rule, "", message);
}

// A key file is a secret: like ssh with a private key, refuse one that
// group or others may read rather than use a key others may hold.
Result<std::string> read_key_file(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::is_regular_file(status)) {
    return key_error(path, "audit_key_file_unreadable",
                     std::string("cannot read the audit key file named by ") +
                         kAuditKeyFileVariable + ": " +
                         (ec ? ec.message() : std::string("not a regular file")));
  }
  const fs::perms open_to_others = fs::perms::group_read | fs::perms::others_read;
  if ((status.permissions() & open_to_others) != fs::perms::none) {
    return key_error(path, "audit_key_file_permissions",
                     "the audit key file may be read by group or others; make it readable by "
                     "its owner only (chmod 600)");
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string key;
  if (in) {
    key.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
    in.seekg(0);
    in.read(key.data(), static_cast<std::streamsize>(key.size()));
  }
  if (!in) return key_error(path, "audit_key_file_unreadable", "cannot read the audit key file");
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

}  // namespace

Result<std::optional<std::string>> read_audit_key(const AuditKeySource& source) {
  const std::optional<std::string> file = given(source.key_file);
  const std::optional<std::string> key = given(source.key);
  if (file && key) {
    return key_error(*file, "audit_key_ambiguous",
                     std::string("both ") + kAuditKeyFileVariable + " and " + kAuditKeyVariable +
                         " are set; set only one");
  }
  if (!file && !key) return std::optional<std::string>();
  std::string text;
  if (file) {
    auto read = read_key_file(*file);
    if (!read) return std::move(read).error();
    text = std::move(read).value();
  } else {
    text = *key;
  }
  if (text.size() < levers::kMinAuditKeyBytes) {
    return key_error(file.value_or(kAuditKeyVariable), "audit_key_too_short",
                     "the audit key has " + std::to_string(text.size()) +
                         " bytes; an HMAC-SHA256 key needs at least " +
                         std::to_string(levers::kMinAuditKeyBytes) +
                         " (for example `openssl rand -hex 32`)");
  }
  return std::optional<std::string>(std::move(text));
}

Result<bool> use_audit_key_from_environment() {
  auto key = read_audit_key({environment(kAuditKeyFileVariable), environment(kAuditKeyVariable)});
  if (!key) return std::move(key).error();
  if (!*key) return false;
  PLANWISE_RETURN_IF_ERROR(levers::set_audit_key(std::move(**key)));
  return true;
}

}  // namespace planwise::app
