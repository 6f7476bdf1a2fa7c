// app/temp_beside: a file appears at its destination only when kept, with
// mode 0600, and a dropped or failed write leaves nothing behind.
#include "app/temp_beside.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/table_export.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;

std::size_t files_beside(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(TempBeside, AKeptFileHasItsBytesAndOwnerOnlyMode) {
  const test::TempDir dir;
  auto temp = TempBeside::create(dir / "out.csv");
  ASSERT_TRUE(temp.ok()) << temp.error().to_string();
  EXPECT_EQ(temp->path().parent_path(), dir.path());
  EXPECT_FALSE(fs::exists(dir / "out.csv"));
  const std::string text = "a,b\n1,2\n";
  ASSERT_TRUE(temp->write(text.data(), text.size()));
  ASSERT_TRUE(temp->keep_as(dir / "out.csv").ok());
  EXPECT_EQ(test::read_file(dir / "out.csv"), text);
  EXPECT_EQ(fs::status(dir / "out.csv").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(files_beside(dir.path()), 1u);
}

TEST(TempBeside, ADroppedFileLeavesNothing) {
  const test::TempDir dir;
  {
    auto temp = TempBeside::create(dir / "out.csv");
    ASSERT_TRUE(temp.ok());
    ASSERT_TRUE(temp->write("x", 1));
  }
  EXPECT_EQ(files_beside(dir.path()), 0u);
}

TEST(TempBeside, AnUnwritableFolderIsAnErrorNamingTheFile) {
  const test::TempDir dir;
  auto temp = TempBeside::create(dir / "missing" / "out.csv");
  ASSERT_FALSE(temp.ok());
  EXPECT_EQ(temp.error().kind, ErrorKind::kStorage);
  EXPECT_NE(temp.error().message.find("out.csv"), std::string::npos) << temp.error().message;
}

TEST(TempBeside, AFailedTableExportLeavesNothingAtItsFile) {
  const test::TempDir dir;
  for (const char* format : {"csv", "parquet"}) {
    const Status s = write_table_file((dir / "none.duckdb").string(), "run_x", "year_summary",
                                      format, PersonalData::kMasked, dir / "out");
    EXPECT_FALSE(s.ok()) << format;
    EXPECT_EQ(files_beside(dir.path()), 0u) << format;
  }
}

}  // namespace
}  // namespace planwise::app
