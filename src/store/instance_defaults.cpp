// The DuckDB thread count of an instance whose open asks for none
// (database.hpp, set_default_threads).
#include <atomic>

#include "store/database.hpp"

namespace planwise::store {
namespace {

std::atomic<int> g_default_threads{0};

}  // namespace

void set_default_threads(int threads) {
  g_default_threads.store(threads > 0 ? threads : 0);
}

int default_threads() {
  return g_default_threads.load();
}

}  // namespace planwise::store
