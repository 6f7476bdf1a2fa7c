// Counts what each client holds open (connections, event streams) against
// a per-client and a total cap (issue 9 item 5), so one client cannot take
// every worker thread of the server.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace planwise::server {

class ClientSlots {
 public:
  ClientSlots(std::size_t per_client, std::size_t total) : per_client_(per_client), total_(total) {}
  ClientSlots(const ClientSlots&) = delete;
  ClientSlots& operator=(const ClientSlots&) = delete;

  // A held slot; giving it up (destroying the last copy) frees it, however
  // the stream or connection ended. Null when the client or the server is
  // at its cap. The ClientSlots must outlive its slots.
  std::shared_ptr<void> try_acquire(const std::string& client);
  std::size_t held(const std::string& client) const;

 private:
  void release(const std::string& client);

  std::size_t per_client_;
  std::size_t total_;
  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> held_;
  std::size_t held_total_ = 0;
};

}  // namespace planwise::server
