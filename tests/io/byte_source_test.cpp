// Bytes read a window at a time (issue 13 item 5): from memory without a
// copy, from a file with pread; a file that shrinks while it is read is a
// file_readable error naming it.
#include "io/byte_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

TEST(ByteSource, TextGivesAllOfTheRestFromAnOffset) {
  const std::string text = "abcdef";
  TextBytes bytes(text);
  std::string buffer;
  EXPECT_EQ(bytes.size(), 6u);
  EXPECT_EQ(bytes.read(2, 1, buffer).value(), "cdef");
  EXPECT_EQ(bytes.read(6, 4, buffer).value(), "");
  EXPECT_TRUE(buffer.empty());
}

TEST(ByteSource, FileGivesAWindowFromAnOffset) {
  test::TempDir dir;
  test::write_file(dir / "f.csv", "0123456789");
  auto bytes = FileBytes::open(dir / "f.csv");
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  std::string buffer;
  EXPECT_EQ(bytes->size(), 10u);
  EXPECT_EQ(bytes->read(3, 4, buffer).value(), "3456");
  EXPECT_EQ(bytes->read(8, 4, buffer).value(), "89");
  EXPECT_EQ(bytes->read(10, 4, buffer).value(), "");
}

TEST(ByteSource, MissingFileIsAnErrorNamingThePath) {
  test::TempDir dir;
  auto bytes = FileBytes::open(dir / "none.csv");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().file, (dir / "none.csv").string());
  EXPECT_EQ(bytes.error().row, 0);
  EXPECT_EQ(bytes.error().column, "");
  EXPECT_EQ(bytes.error().rule, "file_readable");
}

TEST(ByteSource, FileCutShorterWhileReadIsAnError) {
  test::TempDir dir;
  test::write_file(dir / "f.csv", "0123456789");
  auto bytes = FileBytes::open(dir / "f.csv");
  ASSERT_TRUE(bytes.ok());
  std::filesystem::resize_file(dir / "f.csv", 5);
  std::string buffer;
  auto window = bytes->read(2, 8, buffer);
  ASSERT_FALSE(window.ok());
  EXPECT_EQ(window.error().file, (dir / "f.csv").string());
  EXPECT_EQ(window.error().row, 0);
  EXPECT_EQ(window.error().rule, "file_readable");
}

}  // namespace
}  // namespace planwise::io
