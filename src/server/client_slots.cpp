// Issue 9 item 5: per-client and total caps on what stays open.
#include "server/client_slots.hpp"

namespace planwise::server {

std::shared_ptr<void> ClientSlots::try_acquire(const std::string& client) {
  {
    std::lock_guard lock(mutex_);
    std::size_t& mine = held_[client];
    if (mine >= per_client_ || held_total_ >= total_) {
      if (mine == 0) held_.erase(client);
      return nullptr;
    }
    ++mine;
    ++held_total_;
  }
  return std::shared_ptr<void>(this, [client](ClientSlots* slots) { slots->release(client); });
}

std::size_t ClientSlots::held(const std::string& client) const {
  std::lock_guard lock(mutex_);
  const auto it = held_.find(client);
  return it == held_.end() ? 0 : it->second;
}

void ClientSlots::release(const std::string& client) {
  std::lock_guard lock(mutex_);
  const auto it = held_.find(client);
  if (it == held_.end()) return;
  if (--it->second == 0) held_.erase(it);
  --held_total_;
}

}  // namespace planwise::server
