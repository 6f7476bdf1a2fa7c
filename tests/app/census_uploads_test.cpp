// Issue 14 items 1 and 6: uploads held until confirmed, their type told by
// the Content-Type, the name and the bytes, and nothing left on disk.
#include "app/census_uploads.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;

std::size_t files_in(const fs::path& folder) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); ++it)
    ++n;
  return n;
}

UploadedFile upload_file(CensusUploads& uploads, const std::string& bytes,
                         const std::string& owner) {
  auto part = uploads.begin();
  EXPECT_TRUE(part.ok());
  EXPECT_TRUE(part->write(bytes));
  auto file = uploads.complete(std::move(part).value(), UploadType::kCsv, "hris.csv", owner);
  EXPECT_TRUE(file.ok());
  return *file;
}

TEST(CensusUploads, DeclaredTypeComesFromContentTypeAndName) {
  EXPECT_EQ(*declared_upload_type("text/csv; charset=utf-8", "a.CSV"), UploadType::kCsv);
  EXPECT_EQ(*declared_upload_type("application/x-parquet", ""), UploadType::kParquet);
  EXPECT_EQ(*declared_upload_type("application/octet-stream", "b.parquet"), UploadType::kParquet);
  EXPECT_EQ(*declared_upload_type("application/octet-stream", ""), std::nullopt);
  const auto plain = declared_upload_type("text/plain", "a.csv");
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().column, "Content-Type");
  EXPECT_EQ(plain.error().rule, "unsupported_type");
  EXPECT_EQ(declared_upload_type("text/csv", "census.xlsx").error().column, "name");
  EXPECT_FALSE(declared_upload_type("text/csv", "b.parquet").ok());
}

TEST(CensusUploads, TypeCheckReadsTheBytesAsTheyArrive) {
  UploadTypeCheck csv(UploadType::kCsv);
  EXPECT_TRUE(csv.feed("a,"));
  EXPECT_TRUE(csv.feed("b\n1,2\n"));
  EXPECT_EQ(*csv.finish(), UploadType::kCsv);

  UploadTypeCheck utf16(std::nullopt);
  EXPECT_FALSE(
      utf16.feed(std::string("\xFF\xFE"
                             "a\0,\0",
                             6)));
  EXPECT_NE(utf16.problem().find("UTF-16"), std::string::npos);

  UploadTypeCheck later_nul(std::nullopt);
  EXPECT_TRUE(later_nul.feed("a,b\n"));
  EXPECT_FALSE(later_nul.feed(std::string("1,\0", 3)));

  UploadTypeCheck parquet(std::nullopt);
  EXPECT_TRUE(parquet.feed("PA"));
  EXPECT_TRUE(parquet.feed(std::string("R1\0\0\0\0PA", 8)));
  EXPECT_TRUE(parquet.feed("R1"));
  EXPECT_EQ(*parquet.finish(), UploadType::kParquet);

  UploadTypeCheck cut(UploadType::kParquet);
  EXPECT_TRUE(cut.feed(std::string("PAR1\0\0\0\0\0", 9)));
  EXPECT_EQ(cut.finish().error().rule, "unsupported_type");

  EXPECT_EQ(UploadTypeCheck(std::nullopt).finish().error().rule, "empty");
}

TEST(CensusUploads, AnUploadIsItsUploadersAndGoesWhenRemoved) {
  test::TempDir dir;
  CensusUploads uploads(dir.path() / "censuses");
  const UploadedFile file = upload_file(uploads, "a,b\n1,2\n", "ana");
  EXPECT_EQ(file.path, dir.path() / "censuses" / "uploads" / (file.id + ".csv"));
  EXPECT_EQ(file.bytes, 8u);
  EXPECT_TRUE(uploads.find(file.id, "ana"));
  EXPECT_FALSE(uploads.find(file.id, "bob"));
  uploads.keep_issues(file.id, "severity,row\n");
  EXPECT_EQ(*uploads.issues_csv(file.id, "ana"), "severity,row\n");
  EXPECT_FALSE(uploads.issues_csv(file.id, "bob"));
  uploads.remove(file.id);
  EXPECT_FALSE(uploads.find(file.id, "ana"));
  EXPECT_FALSE(fs::exists(file.path));
}

TEST(CensusUploads, APartDroppedBeforeCompletingLeavesNothing) {
  test::TempDir dir;
  CensusUploads uploads(dir.path() / "censuses");
  {
    auto part = uploads.begin();
    ASSERT_TRUE(part.ok());
    ASSERT_TRUE(part->write("a,b\n"));
    EXPECT_EQ(files_in(uploads.folder()), 1u);
  }
  EXPECT_EQ(files_in(uploads.folder()), 0u);
}

TEST(CensusUploads, UnusedUploadsAreSweptAndAllGoAtStopAndStart) {
  test::TempDir dir;
  const fs::path folder = dir.path() / "censuses" / "uploads";
  {
    CensusUploads uploads(dir.path() / "censuses", std::chrono::seconds(0));
    upload_file(uploads, "a\n1\n", "ana");
    EXPECT_EQ(files_in(folder), 1u);
    uploads.sweep();
    EXPECT_EQ(files_in(folder), 0u);
    EXPECT_EQ(uploads.count(), 0u);
    upload_file(uploads, "a\n1\n", "ana");
  }
  // The server stopped: nothing is left.
  EXPECT_EQ(files_in(folder), 0u);
  // A crashed server's leftovers go when the next one starts.
  test::write_file(folder / "0123.part", "a,b\n");
  CensusUploads next(dir.path() / "censuses");
  EXPECT_EQ(files_in(folder), 0u);
}

TEST(CensusUploads, KeepsUploadsInUseWithinTheIdleTime) {
  test::TempDir dir;
  CensusUploads uploads(dir.path() / "censuses", std::chrono::hours(1));
  const UploadedFile file = upload_file(uploads, "a\n1\n", "ana");
  uploads.sweep();
  EXPECT_TRUE(uploads.find(file.id, "ana"));
  EXPECT_TRUE(fs::exists(file.path));
}

}  // namespace
}  // namespace planwise::app
