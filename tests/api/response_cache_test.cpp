// Issue 5: stored-run responses are computed once, however many clients ask
// for them at the same moment, and a failed computation is not cached.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/service.hpp"

namespace planwise::api {
namespace {

TEST(ResponseCache, ComputesAMissingBodyOnceForConcurrentRequests) {
  ResponseCache cache(4);
  std::atomic<int> computations{0};
  std::vector<std::thread> clients;
  std::vector<std::string> bodies(16);
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    clients.emplace_back([&, i] {
      bodies[i] = cache.get_or_compute("results|run_1", [&] {
        ++computations;
        // Long enough that the other clients arrive while it is in flight.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return std::string("{\"years\":[]}");
      });
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(computations.load(), 1);
  for (const std::string& b : bodies) EXPECT_EQ(b, "{\"years\":[]}");
  EXPECT_EQ(cache.get("results|run_1"), "{\"years\":[]}");
}

TEST(ResponseCache, AFailedComputationIsNotCachedAndTheNextCallerRetries) {
  ResponseCache cache(4);
  EXPECT_THROW(cache.get_or_compute("k", []() -> std::string { throw std::runtime_error("db"); }),
               std::runtime_error);
  EXPECT_FALSE(cache.get("k").has_value());
  EXPECT_EQ(cache.get_or_compute("k", [] { return std::string("body"); }), "body");
}

TEST(ResponseCache, DropsTheLeastRecentlyUsedEntryBeyondItsCapacity) {
  ResponseCache cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  ASSERT_TRUE(cache.get("a").has_value());  // a is now the most recent
  cache.put("c", "3");
  EXPECT_TRUE(cache.get("a").has_value());
  EXPECT_FALSE(cache.get("b").has_value());
  EXPECT_TRUE(cache.get("c").has_value());
}

}  // namespace
}  // namespace planwise::api
