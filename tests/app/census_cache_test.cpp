// The server reads a census once while its file is unchanged, reads it again
// when the file changes, and never keeps a failed read. The cached rows and
// hash give the same loaded inputs as a fresh read.
#include "app/census_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/inputs.hpp"
#include "io/census_reader.hpp"
#include "io/file_hash.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr const char* kHeader =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,employee_termination_date,"
    "employee_gross_compensation,active\n";

void write_census(const fs::path& path, int rows) {
  std::string text = kHeader;
  for (int i = 0; i < rows; ++i) {
    text += "E" + std::to_string(i) + ",SSN" + std::to_string(i) +
            ",1980-01-01,2015-03-01,,85000.00,true\n";
  }
  test::write_file(path, text);
}

struct CountingReader {
  int calls = 0;
  CensusCache::Reader reader() {
    return [this](const fs::path& p) {
      ++calls;
      return io::read_census_csv(p);
    };
  }
};

TEST(CensusCache, ReadsAnUnchangedFileOnce) {
  TempDir dir;
  write_census(dir / "c.csv", 3);
  CensusCache cache;
  CountingReader counter;
  auto first = cache.get(dir / "c.csv", counter.reader());
  auto second = cache.get(dir / "c.csv", counter.reader());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(counter.calls, 1);
  EXPECT_EQ(first->rows.get(), second->rows.get());
  EXPECT_EQ(second->rows->size(), 3u);
  EXPECT_EQ(first->sha256, io::sha256_file(dir / "c.csv").value());
}

TEST(CensusCache, ReadsTheFileAgainWhenItChanges) {
  TempDir dir;
  write_census(dir / "c.csv", 3);
  CensusCache cache;
  CountingReader counter;
  auto before = cache.get(dir / "c.csv", counter.reader());
  ASSERT_TRUE(before.ok());
  write_census(dir / "c.csv", 5);  // another size, so another key even within one mtime tick
  auto after = cache.get(dir / "c.csv", counter.reader());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(counter.calls, 2);
  EXPECT_EQ(after->rows->size(), 5u);
  EXPECT_NE(after->sha256, before->sha256);
}

TEST(CensusCache, KeepsNoFailedReadAndNamesTheFileRowAndColumn) {
  TempDir dir;
  test::write_file(dir / "c.csv", std::string(kHeader) + "E1,S1,not-a-date,2015-03-01,,1,true\n");
  CensusCache cache;
  CountingReader counter;
  for (int i = 0; i < 2; ++i) {
    auto r = cache.get(dir / "c.csv", counter.reader());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().file, (dir / "c.csv").string());
    EXPECT_EQ(r.error().row, 2);
    EXPECT_EQ(r.error().column, "employee_birth_date");
  }
  EXPECT_EQ(counter.calls, 2);
}

TEST(CensusCache, MissingFileIsAReadErrorNamingThePath) {
  // The hash runs beside the read; the read's error is the one reported.
  TempDir dir;
  CensusCache cache;
  CountingReader counter;
  auto r = cache.get(dir / "none.csv", counter.reader());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, (dir / "none.csv").string());
  EXPECT_EQ(r.error().row, 0);
  EXPECT_EQ(r.error().column, "");
  EXPECT_EQ(r.error().rule, "file_readable");
  EXPECT_NE(r.error().message.find("for reading"), std::string::npos) << r.error().message;
}

TEST(CensusCache, LoadedInputsMatchAFreshRead) {
  InputRequest fresh;
  fresh.data_dir = test::data_dir();
  InputRequest cached = fresh;
  cached.census_cache = std::make_shared<CensusCache>();
  auto a = load_inputs(fresh);
  auto b = load_inputs(cached);
  auto c = load_inputs(cached);  // from memory
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->hashes.census, c->hashes.census);
  EXPECT_EQ(a->census.baseline_size(), c->census.baseline_size());
  EXPECT_EQ(a->warnings.size(), c->warnings.size());
}

}  // namespace
}  // namespace planwise::app
