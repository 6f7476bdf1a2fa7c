// The lever, scenario and audit commands as an analyst uses them: exit
// codes, messages naming the flag, a dry run that saves nothing, audit
// verification before and after tampering, and a second writer refused
// while a simulation holds the database.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/lever_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

// A database the CLI seeded with the bundled levers (about a third of a
// second), made once; each test works on a copy.
const fs::path& seeded_template() {
  static const TempDir dir;
  static const fs::path file = [] {
    const CommandResult made = run_command(cli() + " scenario list --db " + q(dir / "t.duckdb"));
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return dir / "t.duckdb";
  }();
  return file;
}

// The database file of a test, and `planwise ARGS --db FILE`.
struct LeverDb {
  TempDir dir;
  fs::path file = dir / "levers.duckdb";
  LeverDb() {
    fs::copy_file(seeded_template(), file);
    const fs::path wal = seeded_template().string() + ".wal";
    if (fs::exists(wal)) fs::copy_file(wal, file.string() + ".wal");
  }
  CommandResult run(const std::string& args) const {
    return run_command(cli() + " " + args + " --db " + q(file));
  }
};

// What the database holds, read after the CLI process exited.
struct Contents {
  std::vector<store::AuditRow> audit;
  std::vector<store::LeverCell> cells;
};
Contents contents(const fs::path& file, const std::string& scenario = "default") {
  Contents c;
  auto db = store::Database::open(file.string(), store::OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  if (!db.ok()) return c;
  auto audit = store::all_audit_rows(**db);
  EXPECT_TRUE(audit.ok());
  c.audit = *audit;
  auto cells = store::stored_cells(**db, scenario);
  EXPECT_TRUE(cells.ok());
  c.cells = *cells;
  return c;
}

TEST(LeverCli, BadNumberExitsTwoAndNamesTheLever) {
  LeverDb db;
  const CommandResult r = db.run("levers set merit_base=abc");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "column 'merit_base'")) << r.err;
  EXPECT_TRUE(contains(r.err, "rule number_format")) << r.err;
  EXPECT_TRUE(contains(r.err, "value 'abc'")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(LeverCli, YearOutsideTheLeverYearsExitsTwoAndNamesTheYearFlag) {
  LeverDb db;
  const CommandResult r = db.run("levers set --year 2040 merit_base=0.03");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "column '--year'")) << r.err;
  EXPECT_TRUE(contains(r.err, "rule selector_range")) << r.err;
  EXPECT_TRUE(contains(r.err, "value '2040'")) << r.err;
  EXPECT_TRUE(contains(r.err, "2025")) << "says which years are allowed: " << r.err;
}

TEST(LeverCli, ValueOutsideItsHardRangeExitsTwoAndSavesNothing) {
  LeverDb db;
  const Contents before = contents(db.file);
  const CommandResult r = db.run("levers set new_hire_salary_adjustment=0.99 --year 2027");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "new_hire_salary_adjustment")) << r.err;
  EXPECT_TRUE(contains(r.err, "lever_range")) << r.err;
  EXPECT_TRUE(contains(r.err, "nothing was saved")) << r.err;
  const Contents after = contents(db.file);
  EXPECT_EQ(after.audit.size(), before.audit.size());
  ASSERT_EQ(after.cells.size(), before.cells.size());
  for (std::size_t i = 0; i < after.cells.size(); ++i)
    EXPECT_EQ(after.cells[i].value, before.cells[i].value) << i;
}

TEST(LeverCli, ValidateExitsZeroOnTheBundledLevers) {
  LeverDb db;
  const CommandResult r = db.run("levers validate");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Scenario default: no errors, no warnings")) << r.out;
}

TEST(LeverCli, DryRunPrintsTheImpactTableAndWritesNothing) {
  LeverDb db;
  const Contents before = contents(db.file);
  ASSERT_EQ(before.audit.size(), 1u);
  const CommandResult r = db.run("levers set merit_base=0.05 --year 2027 --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Would change 5 values in scenario default")) << r.out;
  EXPECT_TRUE(contains(r.out, "merit_base 2027 L1")) << r.out;
  EXPECT_TRUE(contains(r.out, "Impact (simulated")) << r.out;
  EXPECT_TRUE(contains(r.out, "nothing saved")) << r.out;
  for (const char* column :
       {"Year", "Headcount", "Avg FYE pay", "Pay growth", "Payroll (prorated)"})
    EXPECT_TRUE(contains(r.out, column)) << column << "\n" << r.out;
  for (const char* year : {"\n2025 ", "\n2026 ", "\n2027 ", "\n2028 ", "\n2029 "})
    EXPECT_TRUE(contains(r.out, year)) << year << "\n" << r.out;
  const Contents after = contents(db.file);
  ASSERT_EQ(after.audit.size(), before.audit.size());
  EXPECT_EQ(after.audit.back().entry_hash, before.audit.back().entry_hash);
  ASSERT_EQ(after.cells.size(), before.cells.size());
  for (std::size_t i = 0; i < after.cells.size(); ++i) {
    EXPECT_EQ(after.cells[i].value, before.cells[i].value) << i;
    EXPECT_EQ(after.cells[i].updated_at, before.cells[i].updated_at) << i;
  }
  // The same command without --dry-run saves the five values.
  const CommandResult saved = db.run("levers set merit_base=0.05 --year 2027");
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_TRUE(contains(saved.out, "Saved 5 values")) << saved.out;
  EXPECT_EQ(contents(db.file).audit.size(), before.audit.size() + 5);
}

TEST(LeverCli, LockedCellIsSkippedByASetAndNamedInTheOutput) {
  LeverDb db;
  const CommandResult lock = db.run("levers lock merit_base --year 2026 --level 2");
  ASSERT_EQ(lock.exit_code, 0) << lock.err;
  EXPECT_TRUE(contains(lock.out, "Locked 1 cells of merit_base")) << lock.out;
  const CommandResult set = db.run("levers set merit_base=0.05 --year 2026");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_TRUE(contains(set.out, "Saved 4 values")) << set.out;
  EXPECT_TRUE(contains(set.out, "Skipped 1 locked values")) << set.out;
  EXPECT_TRUE(contains(set.out, "merit_base 2026 L2 is locked at")) << set.out;
  const CommandResult history = db.run("levers history merit_base --year 2026 --level 2");
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_TRUE(contains(history.out, "LOCK_CHANGED")) << history.out;
  EXPECT_FALSE(contains(history.out, "PARAMETER_CHANGE")) << history.out;
  const CommandResult unlock = db.run("levers unlock merit_base --year 2026 --level 2");
  ASSERT_EQ(unlock.exit_code, 0) << unlock.err;
  EXPECT_TRUE(contains(unlock.out, "Unlocked 1 cells")) << unlock.out;
}

TEST(LeverCli, AuditVerifyPassesOnAnIntactLogAndFailsAfterTampering) {
  LeverDb db;
  ASSERT_EQ(db.run("scenario create b --reason draft").exit_code, 0);
  ASSERT_EQ(db.run("levers set merit_base=0.05 --scenario b --year 2027 --level 3").exit_code, 0);
  const CommandResult ok = run_command(cli() + " audit verify --db " + q(db.file));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(contains(ok.out, "intact: 3 entries")) << ok.out;
  {
    auto opened = store::Database::open(db.file.string(), store::OpenMode::kReadWrite);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    ASSERT_TRUE((*opened)->execute("UPDATE audit_log SET new_value = 0.02 WHERE seq = 3").ok());
  }
  const CommandResult broken = run_command(cli() + " audit verify --db " + q(db.file));
  EXPECT_NE(broken.exit_code, 0) << broken.out;
  EXPECT_EQ(broken.exit_code, 6) << broken.out << broken.err;
  EXPECT_TRUE(contains(broken.out, "BROKEN")) << broken.out;
  EXPECT_TRUE(contains(broken.out, "entry 3 (seq 3, PARAMETER_CHANGE")) << broken.out;
}

TEST(LeverCli, AuditLogListsEntriesOfAScenario) {
  LeverDb db;
  ASSERT_EQ(db.run("scenario create b --reason draft").exit_code, 0);
  ASSERT_EQ(db.run("levers set merit_base=0.05 --scenario b --year 2027 --level 3 --reason budget")
                .exit_code,
            0);
  const CommandResult log = run_command(cli() + " audit log --scenario b --db " + q(db.file));
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_TRUE(contains(log.out, "SCENARIO_CREATED")) << log.out;
  EXPECT_TRUE(contains(log.out, "PARAMETER_CHANGE")) << log.out;
  EXPECT_TRUE(contains(log.out, "budget")) << log.out;
  EXPECT_TRUE(contains(log.out, "(2 entries)")) << log.out;
}

TEST(LeverCli, ScenarioDiffShowsTheChangedLevers) {
  LeverDb db;
  ASSERT_EQ(db.run("scenario create b --reason draft").exit_code, 0);
  ASSERT_EQ(db.run("levers set merit_base=0.05 --scenario b --year 2027 --level 3").exit_code, 0);
  const CommandResult d = db.run("scenario diff default b");
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_TRUE(contains(d.out, "Lever differences default -> b (1 values)")) << d.out;
  EXPECT_TRUE(contains(d.out, "merit_base")) << d.out;
  EXPECT_TRUE(contains(d.out, "2027")) << d.out;
  EXPECT_TRUE(contains(d.out, "5.00")) << "the new value, in percent: " << d.out;
  EXPECT_TRUE(contains(d.out, "No metric comparison")) << d.out;
  const CommandResult missing = db.run("scenario diff default nope");
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_TRUE(contains(missing.err, "nope")) << missing.err;
}

TEST(LeverCli, ScenarioLifecycleNeedsReasonsAndShowsLinkTargetAndCaps) {
  LeverDb db;
  const CommandResult no_reason = db.run("scenario create b");
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.err;
  EXPECT_TRUE(contains(no_reason.err, "column '--reason'")) << no_reason.err;
  ASSERT_EQ(db.run("scenario create b --reason draft").exit_code, 0);
  const CommandResult linked = db.run("scenario create c --from b --inherit --reason try");
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_TRUE(contains(linked.out, "inheriting from b")) << linked.out;
  EXPECT_EQ(contents(db.file, "c").cells.size(), 0u);
  EXPECT_EQ(contents(db.file, "b").cells.size(), 125u);

  const CommandResult bad = db.run("scenario target b --growth 5 --reason typo");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(contains(bad.err, "column '--growth'")) << bad.err;
  const CommandResult target =
      db.run("scenario target b --growth 0.03 --metric final --reason board");
  ASSERT_EQ(target.exit_code, 0) << target.err;
  EXPECT_TRUE(contains(target.out, "3.00% ± 0.10% (final)")) << target.out;
  const CommandResult pool =
      db.run("scenario budget b --year 2026 --pool bonus --amount 1 --reason x");
  EXPECT_EQ(pool.exit_code, 2) << pool.err;
  EXPECT_TRUE(contains(pool.err, "column '--pool'")) << pool.err;
  const CommandResult cap =
      db.run("scenario budget b --year 2026 --pool merit --amount 75000000 --reason committee");
  ASSERT_EQ(cap.exit_code, 0) << cap.err;
  EXPECT_TRUE(contains(cap.out, "2026 merit $75,000,000.00")) << cap.out;

  ASSERT_EQ(db.run("scenario archive b --reason old").exit_code, 0);
  const CommandResult list = db.run("scenario list");
  EXPECT_FALSE(contains(list.out, "\nb ")) << list.out;
  EXPECT_TRUE(contains(list.out, "inherits")) << list.out;
  EXPECT_TRUE(contains(db.run("scenario list --archived").out, "b (archived)"));
  const CommandResult edit = db.run("levers set merit_base=0.05 --scenario b --year 2027");
  EXPECT_EQ(edit.exit_code, 4) << edit.err;
  EXPECT_TRUE(contains(edit.err, "archived")) << edit.err;
  ASSERT_EQ(db.run("scenario unarchive b --reason back").exit_code, 0);
  const CommandResult kept = db.run("scenario delete b --reason gone");
  EXPECT_EQ(kept.exit_code, 4) << kept.err;
  EXPECT_TRUE(contains(kept.err, "inherited by c")) << kept.err;

  std::vector<std::string> reasons;
  for (const store::AuditRow& a : contents(db.file).audit) {
    if (a.scenario_id == "b") reasons.push_back(a.event_type + ":" + a.reason);
  }
  const std::vector<std::string> expected = {"SCENARIO_CREATED:draft", "SCENARIO_TARGET_SET:board",
                                             "BUDGET_CAPS_SET:committee", "SCENARIO_ARCHIVED:old",
                                             "SCENARIO_UNARCHIVED:back"};
  EXPECT_EQ(reasons, expected);
}

TEST(LeverCli, SetIntoAnUnlockedPastYearNeedsConfirm) {
  LeverDb db;
  ASSERT_EQ(db.run("scenario create free --inherit --reason x").exit_code, 0);
  const CommandResult refused =
      db.run("levers set merit_base=0.031 --scenario free --year 2025 --level 1 --reason r");
  EXPECT_EQ(refused.exit_code, 4) << refused.err;
  EXPECT_TRUE(contains(refused.err, "column '--confirm'")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "rule confirmation_required")) << refused.err;
  EXPECT_TRUE(contents(db.file, "free").cells.empty());
  const CommandResult confirmed = db.run(
      "levers set merit_base=0.031 --scenario free --year 2025 --level 1 --reason r --confirm");
  ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
  ASSERT_EQ(contents(db.file, "free").cells.size(), 1u);
  EXPECT_EQ(contents(db.file, "free").cells[0].value, 0.031);
}

// The process ids of this test's children whose command line mentions `text`.
std::vector<int> children_mentioning(const std::string& text) {
  std::vector<int> out;
  const std::string me = std::to_string(::getpid());
  for (const fs::directory_entry& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    // After "pid (comm)": state, then the parent's pid.
    std::string state, parent;
    std::istringstream fields(line.substr(close + 1));
    fields >> state >> parent;
    if (parent != me) continue;
    std::ifstream cmd(e.path() / "cmdline", std::ios::binary);
    std::string cmdline, argument;
    while (std::getline(cmd, argument, '\0')) cmdline += argument + " ";
    if (contains(cmdline, text)) out.push_back(std::stoi(name));
  }
  return out;
}

TEST(LeverCli, SlowSecondWriterOfLeversGetsAnInUseErrorNamingThePid) {
  TempDir dir;
  ASSERT_EQ(run_command(cli() + " gen-census --employees 200000 --seed 4 --out " + q(dir / "c.csv"))
                .exit_code,
            0);
  const std::string db = (dir / "same.duckdb").string();
  // exec keeps the shell's PID; stdout (the run's table) is not wanted here.
  ChildProcess first({"/bin/sh", "-c",
                      "exec " + cli() + " simulate --db '" + db + "' --census " + q(dir / "c.csv") +
                          " > /dev/null"});
  ASSERT_TRUE(first.wait_for_line("simulating")) << first.stderr_seen();  // it holds the file
  const std::vector<int> holder = children_mentioning(db);
  ASSERT_EQ(holder.size(), 1u);
  const CommandResult second = run_command(cli() + " levers set merit_base=0.03 --db " + q(db));
  const int status = first.wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << first.stderr_seen();
  EXPECT_EQ(second.exit_code, 4) << second.out << second.err;
  EXPECT_TRUE(contains(second.err, "is in use")) << second.err;
  EXPECT_TRUE(contains(second.err, "PID " + std::to_string(holder[0])))
      << "names the holder, PID " << holder[0] << ": " << second.err;
  EXPECT_TRUE(contains(second.err, "retry")) << second.err;
  EXPECT_TRUE(second.out.empty()) << second.out;

  // Nothing was clobbered: the run and its audit entry are there, the lever
  // change is not, and the chain verifies.
  const Contents after_first = contents(db);
  ASSERT_EQ(after_first.audit.size(), 2u);
  EXPECT_EQ(after_first.audit[0].event_type, "SCENARIO_CREATED");
  EXPECT_EQ(after_first.audit[1].event_type, "SIMULATION_RUN");
  for (const store::LeverCell& c : after_first.cells) {
    if (c.parameter_name == "merit_base") EXPECT_NE(c.value, 0.03);
  }
  // Once the first writer is done, the same command goes through.
  const CommandResult retry = run_command(cli() + " levers set merit_base=0.03 --db " + q(db));
  EXPECT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_TRUE(contains(retry.out, "Saved 20 values")) << retry.out;  // 2025 is locked
  const CommandResult verify = run_command(cli() + " audit verify --db " + q(db));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_TRUE(contains(verify.out, "intact: 22 entries")) << verify.out;
}

}  // namespace
}  // namespace planwise::test
