// Issue 11 item 7: `planwise request ...` and `planwise scenario policy` as
// processes. Each policy exits with its code, names the flag, and writes
// nothing (the request's state and the stored levers are read after); a
// full cycle publishes and rolls back exactly. Users are added with
// `planwise users add`; the OS user acts as an admin.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/lever_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A database with the bundled levers, an analyst (ann) and an approver
// (abe), made once; each test works on a copy.
const fs::path& users_template() {
  static const TempDir dir;
  static const fs::path file = [] {
    const fs::path db = dir / "t.duckdb";
    // Seeds the default scenario with the bundled levers.
    EXPECT_EQ(run_command(cli() + " scenario list --db " + q(db)).exit_code, 0);
    for (const char* user : {"ann --role analyst", "abe --role approver"}) {
      const CommandResult r = run_command(cli() + " users add " + user + " --db " + q(db));
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    return db;
  }();
  return file;
}

struct GovDb {
  TempDir dir;
  fs::path file = dir / "gov.duckdb";
  GovDb() {
    fs::copy_file(users_template(), file);
    const fs::path wal = users_template().string() + ".wal";
    if (fs::exists(wal)) fs::copy_file(wal, file.string() + ".wal");
  }
  CommandResult run(const std::string& args) const {
    return run_command(cli() + " " + args + " --db " + q(file));
  }
  json show(const std::string& id) const {
    const CommandResult r = run("request show " + id + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  std::string state(const std::string& id) const {
    const json j = show(id);
    return j.is_discarded() ? "" : j["request"]["state"].get<std::string>();
  }
  // The stored value of a cell of `default` (nullopt: not stored).
  std::optional<double> stored(const std::string& parameter, int year, int level) const {
    auto db = store::Database::open(file.string(), store::OpenMode::kReadOnly);
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return std::nullopt;
    auto cells = store::stored_cells(**db, "default");
    EXPECT_TRUE(cells.ok());
    for (const store::LeverCell& c : *cells) {
      if (c.parameter_name == parameter && c.fiscal_year == year && c.job_level == level)
        return c.value;
    }
    return std::nullopt;
  }
};

const std::string kCreate =
    "request create merit_base=0.045 --year 2027 --level 3 --justification 'FY27 retention'";

TEST(RequestCli, AFullCyclePublishesAndARollbackRestoresTheStoredValueExactly) {
  GovDb db;
  const std::optional<double> before = db.stored("merit_base", 2027, 3);
  const CommandResult made = db.run(kCreate + " --as ann");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(contains(made.out, "CR-1 [Draft]")) << made.out;
  EXPECT_TRUE(contains(made.out, "employees affected:")) << made.out;
  EXPECT_TRUE(contains(made.out, "risk: MEDIUM")) << made.out;
  EXPECT_TRUE(contains(made.out, "merit_base  2027      3  2.53%  4.50%")) << made.out;
  ASSERT_EQ(db.run("request submit CR-1 --as ann").exit_code, 0);
  const CommandResult approved = db.run("request approve CR-1 --as abe --note 'in budget'");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_TRUE(contains(approved.out, "approved by abe")) << approved.out;
  ASSERT_EQ(db.run("request publish CR-1 --as ann").exit_code, 0);
  EXPECT_EQ(db.stored("merit_base", 2027, 3), 0.045);

  const CommandResult direct = db.run(
      "levers set merit_base=0.05 --year 2027 --level 3 "
      "--reason direct");
  EXPECT_EQ(direct.exit_code, 4) << direct.err;
  EXPECT_TRUE(contains(direct.err, "rule approval_required")) << direct.err;
  EXPECT_EQ(db.stored("merit_base", 2027, 3), 0.045);

  const CommandResult back = db.run("request rollback CR-1 --justification withdrawn --as ann");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_TRUE(contains(back.out, "CR-2 [Pending approval] rollback")) << back.out;
  ASSERT_EQ(db.run("request approve CR-2 --as abe").exit_code, 0);
  ASSERT_EQ(db.run("request publish CR-2 --as abe").exit_code, 0);
  EXPECT_EQ(db.stored("merit_base", 2027, 3), before);
  EXPECT_EQ(db.state("CR-1"), "rolled_back");
  const CommandResult listed = db.run("request list --state published --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const json list = json::parse(listed.out);
  ASSERT_EQ(list["requests"].size(), 1u);
  EXPECT_EQ(list["requests"][0]["request_id"], "CR-2");
}

TEST(RequestCli, EachPolicyExitsWithItsCodeNamesTheFlagAndWritesNothing) {
  GovDb db;
  const std::optional<double> before = db.stored("merit_base", 2027, 3);
  const CommandResult bare =
      db.run("request create merit_base=0.045 --year 2027 --level 3 --as ann");
  EXPECT_EQ(bare.exit_code, 2) << bare.err;
  EXPECT_TRUE(contains(bare.err, "column '--justification'")) << bare.err;
  EXPECT_TRUE(contains(db.run("request list").out, "(0 requests)"));

  // The OS user (an admin) requests; it may not decide its own request.
  ASSERT_EQ(db.run(kCreate + " --submit").exit_code, 0);
  const CommandResult self = db.run("request approve CR-1");
  EXPECT_EQ(self.exit_code, 4) << self.err;
  EXPECT_TRUE(contains(self.err, "rule separation_of_duties")) << self.err;
  const CommandResult analyst = db.run("request approve CR-1 --as ann");
  EXPECT_EQ(analyst.exit_code, 4) << analyst.err;
  EXPECT_TRUE(contains(analyst.err, "rule forbidden")) << analyst.err;
  const CommandResult no_reason = db.run("request reject CR-1 --as abe");
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.err;
  EXPECT_TRUE(contains(no_reason.err, "column '--reason'")) << no_reason.err;
  const CommandResult early = db.run("request publish CR-1");
  EXPECT_EQ(early.exit_code, 4) << early.err;
  EXPECT_EQ(db.state("CR-1"), "pending");
  EXPECT_EQ(db.stored("merit_base", 2027, 3), before);

  ASSERT_EQ(db.run("levers lock merit_base --year 2027 --level 3 --reason frozen").exit_code, 0);
  const CommandResult locked = db.run(kCreate + " --as ann");
  EXPECT_EQ(locked.exit_code, 2) << locked.err;
  EXPECT_TRUE(contains(locked.err, "command line:1: column 'merit_base'")) << locked.err;
  EXPECT_TRUE(contains(locked.err, "rule cell_locked")) << locked.err;
  EXPECT_TRUE(contains(db.run("request list").out, "(1 requests)"));
}

TEST(RequestCli, AStaleApprovalExitsFourUntilRebasedAndThePolicyIsTheApproversToSet) {
  GovDb db;
  ASSERT_EQ(db.run(kCreate + " --submit --as ann").exit_code, 0);
  ASSERT_EQ(db.run("request create merit_base=0.05 --year 2027 --level 4 --justification "
                   "senior --submit --as ann")
                .exit_code,
            0);
  ASSERT_EQ(db.run("request approve CR-1 --as abe").exit_code, 0);
  ASSERT_EQ(db.run("request publish CR-1 --as ann").exit_code, 0);
  const CommandResult stale = db.run("request approve CR-2 --as abe");
  EXPECT_EQ(stale.exit_code, 4) << stale.err;
  EXPECT_TRUE(contains(stale.err, "rule stale_request")) << stale.err;
  EXPECT_EQ(db.state("CR-2"), "pending");
  const CommandResult rebased = db.run("request rebase CR-2 --as ann");
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_FALSE(contains(rebased.out, "STALE")) << rebased.out;
  EXPECT_EQ(db.run("request approve CR-2 --as abe").exit_code, 0);

  const CommandResult analyst = db.run("scenario policy --auto-approve on --reason x --as ann");
  EXPECT_EQ(analyst.exit_code, 4) << analyst.err;
  const CommandResult set =
      db.run("scenario policy --threshold 5000000 --auto-publish on --reason 'fast' --as abe");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_TRUE(contains(set.out, "approval threshold: $5,000,000.00")) << set.out;
  EXPECT_TRUE(contains(set.out, "auto-publish: on")) << set.out;
  const CommandResult negative = db.run("scenario policy --threshold -1 --reason x --as abe");
  EXPECT_EQ(negative.exit_code, 2) << negative.err;
  EXPECT_TRUE(contains(negative.err, "column '--threshold'")) << negative.err;
}

}  // namespace
}  // namespace planwise::test
