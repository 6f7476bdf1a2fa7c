#include "api/sessions.hpp"

#include <algorithm>

#include "common/secrets.hpp"

namespace planwise::api {

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string SessionStore::open(const Identity& who) {
  std::string id = random_token();
  std::lock_guard<std::mutex> lock(mutex_);
  while (by_digest_.size() >= capacity_) {
    auto oldest = std::min_element(by_digest_.begin(), by_digest_.end(), [](auto& a, auto& b) {
      return a.second.order < b.second.order;
    });
    by_digest_.erase(oldest);
  }
  by_digest_[token_digest(id)] =
      Entry{who, std::chrono::steady_clock::now() + lifetime_, next_order_++};
  return id;
}

std::optional<Identity> SessionStore::find(std::string_view session_id) {
  // A lookup by digest: comparing digests reveals nothing about the id.
  const std::string digest = token_digest(session_id);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() >= it->second.expires) {
    by_digest_.erase(it);
    return std::nullopt;
  }
  return it->second.who;
}

void SessionStore::close(std::string_view session_id) {
  const std::string digest = token_digest(session_id);
  std::lock_guard<std::mutex> lock(mutex_);
  by_digest_.erase(digest);
}

void SessionStore::close_user(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(by_digest_, [&](const auto& entry) { return entry.second.who.name == name; });
}

std::size_t SessionStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_digest_.size();
}

}  // namespace planwise::api
