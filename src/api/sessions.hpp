// Who is asking (issue 9 item 2). A request carries a bearer token (a
// user's API token, the single admin's --token, or the personal session's
// start-up token) or the dashboard's session cookie, which the page gets
// by trading a token once (POST /api/session). Secrets are compared in
// constant time or looked up by digest, never by their own text.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "app/roles.hpp"

namespace planwise::api {

struct Identity {
  std::string name;  // the actor of every audit entry, run and optimization it makes
  app::Role role = app::Role::kAnalyst;
};

// The database's users, by token (app::UserDirectory behind it).
using UserLookup = std::function<std::optional<Identity>(std::string_view token)>;

// The name of the dashboard's session cookie.
inline constexpr const char* kSessionCookie = "planwise_session";

// The value of one cookie in a Cookie header ("a=1; planwise_session=x").
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

// Dashboard sessions made by trading a token: in memory only, so a restart
// signs everyone out. Each lasts `lifetime` from its creation; the oldest
// goes first when `capacity` are open.
class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds lifetime = std::chrono::hours(12),
                        std::size_t capacity = 1000)
      : lifetime_(lifetime), capacity_(capacity) {}
  // A new session id (256 random bits) for this identity.
  std::string open(const Identity& who);
  std::optional<Identity> find(std::string_view session_id);
  void close(std::string_view session_id);
  // Ends every session of a user (disabled, or their token rotated): a
  // session must not outlive the token it was traded for.
  void close_user(const std::string& name);
  std::size_t size() const;

 private:
  struct Entry {
    Identity who;
    std::chrono::steady_clock::time_point expires;
    std::uint64_t order;
  };
  std::chrono::seconds lifetime_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::uint64_t next_order_ = 0;
  std::map<std::string, Entry> by_digest_;  // keyed by token_digest(session id)
};

}  // namespace planwise::api
