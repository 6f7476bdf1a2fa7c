// Issue 15 item 2: a CSV written by CsvTableWriter (lever exports, generated
// censuses, run exports) replaces its file only when complete; a full disk
// leaves the old file and no temporary, and the error names the file.
#include "io/csv_table_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "support/file_size_limit.hpp"
#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

namespace fs = std::filesystem;
using engine::ColumnType;

constexpr engine::ColumnDef kColumns[] = {{"id", ColumnType::kInt}, {"note", ColumnType::kText}};
constexpr engine::TableDef kTable{"notes", kColumns};

std::size_t written_files(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

Status write_rows(const fs::path& path, int rows) {
  auto w = CsvTableWriter::open(path, kTable);
  if (!w) return std::move(w).error();
  for (int i = 0; i < rows; ++i) {
    (*w)->integer(i);
    (*w)->text("a row long enough to pass a few kilobytes in a few hundred rows");
    (*w)->end_row();
  }
  return (*w)->close();
}

TEST(CsvTableWriter, ReplacesTheFileOnlyWhenClosed) {
  test::TempDir dir;
  const fs::path out = dir / "notes.csv";
  test::write_file(out, "old\n");
  {
    auto w = CsvTableWriter::open(out, kTable);
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    (*w)->integer(1);
    (*w)->text("new");
    (*w)->end_row();
    EXPECT_EQ(test::read_file(out), "old\n");  // not replaced yet
    // Dropped without close(): an abandoned export changes nothing.
  }
  EXPECT_EQ(test::read_file(out), "old\n");
  EXPECT_EQ(written_files(dir.path()), 1u);
  ASSERT_TRUE(write_rows(out, 1).ok());
  EXPECT_EQ(test::read_file(out),
            "id,note\n0,a row long enough to pass a few kilobytes in a few hundred rows\n");
  EXPECT_EQ(written_files(dir.path()), 1u);
}

TEST(CsvTableWriter, AFullDiskKeepsTheOldFileLeavesNoTemporaryAndNamesTheFile) {
  test::TempDir dir;
  const fs::path out = dir / "notes.csv";
  test::write_file(out, "old\n");
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // In a child process under a 4 KiB file-size limit; exit 0 when the
  // error is the one wanted, printed otherwise.
  EXPECT_EXIT(
      {
        if (!test::limit_file_size(4096)) std::exit(3);
        const Status s = write_rows(out, 2000);
        const std::string want = "cannot write " + out.string() + ": File too large";
        if (s.ok() || s.error().message != want) {
          std::cerr << (s.ok() ? std::string("no error") : s.error().message) << "\n";
          std::exit(1);
        }
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(test::read_file(out), "old\n");
  EXPECT_EQ(written_files(dir.path()), 1u) << "a temporary was left behind";
}

}  // namespace
}  // namespace planwise::io
