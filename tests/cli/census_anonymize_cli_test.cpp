// `planwise census anonymize` as an analyst uses it: it writes the file,
// reports the headline shift, and a bad option names its flag.
#include <gtest/gtest.h>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(CliCensusAnonymize, WritesTheCensusAndReportsTheHeadlineShift) {
  TempDir dir;
  const CommandResult r =
      run_command(cli() + " census anonymize " + q(data_dir() / "census_preprocessed.csv") + " " +
                  q(dir / "anon.csv") + " --seed 9 --check-seeds 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Anonymized 5000 rows")) << r.out;
  EXPECT_TRUE(contains(r.out, "mean shift")) << r.out;
  EXPECT_TRUE(contains(read_file(dir / "anon.csv"), "ANON_"));
}

TEST(CliCensusAnonymize, ABadOptionNamesItsFlagAndWritesNothing) {
  TempDir dir;
  const CommandResult r =
      run_command(cli() + " census anonymize " + q(data_dir() / "census_preprocessed.csv") + " " +
                  q(dir / "anon.csv") + " --seed 9 --pay-round 0");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--pay-round")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "anon.csv"));
}

}  // namespace
}  // namespace planwise::test
