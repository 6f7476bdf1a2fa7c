// A database written by a newer program is refused, on the read-only path
// (schema up to date) as on the write path, instead of being used or changed.
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

TEST(Schema, RefusesADatabaseWithANewerSchemaVersion) {
  test::TempDir dir;
  const std::string path = (dir / "newer.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)->execute("INSERT INTO schema_version VALUES (" +
                               std::to_string(kSchemaVersion + 1) + ", now())")
                    .ok());
  }
  auto again = Database::open(path, OpenMode::kReadWrite);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("newer than this program's"), std::string::npos)
      << again.error().to_string();
}

}  // namespace
}  // namespace planwise::store
