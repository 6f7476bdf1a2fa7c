// advise_huge_pages advises only whole 2 MiB pages inside the buffer, and
// changes nothing a program can read.
#include "common/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

namespace planwise {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

struct FreeAligned {
  void operator()(void* p) const { std::free(p); }
};

bool kernel_takes_the_hint() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  return modes.find("[madvise]") != std::string::npos ||
         modes.find("[always]") != std::string::npos;
}

TEST(HugePages, BuffersWithoutAWholeAlignedPageAreNotAdvised) {
  EXPECT_EQ(advise_huge_pages(nullptr, 64 * kMiB), 0u);
  const std::unique_ptr<void, FreeAligned> buffer(std::aligned_alloc(2 * kMiB, 4 * kMiB));
  ASSERT_NE(buffer, nullptr);
  EXPECT_EQ(advise_huge_pages(buffer.get(), kMiB), 0u);
  // 3 MiB from 1 MiB past an aligned start holds no whole aligned page.
  EXPECT_EQ(advise_huge_pages(static_cast<char*>(buffer.get()) + kMiB, 3 * kMiB - 1), 0u);
}

TEST(HugePages, OnlyTheWholeAlignedPagesInsideTheBufferAreAdvised) {
  const std::unique_ptr<void, FreeAligned> buffer(std::aligned_alloc(2 * kMiB, 8 * kMiB));
  ASSERT_NE(buffer, nullptr);
  char* bytes = static_cast<char*>(buffer.get());
  // From 4 KiB past an aligned start to its end: the pages at 2, 4 and 6 MiB.
  const std::size_t covered = advise_huge_pages(bytes + 4096, 8 * kMiB - 4096);
  if (kernel_takes_the_hint()) {
    EXPECT_EQ(covered, 6 * kMiB);
    EXPECT_EQ(advise_huge_pages(bytes, 8 * kMiB), 8 * kMiB);
  } else {
    EXPECT_EQ(covered, 0u);
  }
  // The hint changes no contents.
  for (std::size_t i = 0; i < 8 * kMiB; i += 4096) bytes[i] = static_cast<char>(i >> 12);
  for (std::size_t i = 0; i < 8 * kMiB; i += 4096)
    ASSERT_EQ(bytes[i], static_cast<char>(i >> 12)) << i;
}

TEST(HugePages, AVectorIsAdvisedOverItsCapacity) {
  std::vector<double> column;
  column.reserve(4 * kMiB / sizeof(double));  // 4 MiB: at least one whole aligned page
  const std::size_t covered = advise_huge_pages(column);
  EXPECT_EQ(covered % (2 * kMiB), 0u);
  EXPECT_LE(covered, 4 * kMiB);
  if (kernel_takes_the_hint()) EXPECT_GE(covered, 2 * kMiB);
}

}  // namespace
}  // namespace planwise
