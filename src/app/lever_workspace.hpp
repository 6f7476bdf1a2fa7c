// The lever store of a run database, opened for one use case: the
// configuration and seed tables it resolves against, and the bundled levers
// as the `default` scenario of a new database (issue 3 item 8).
#pragma once

#include <memory>
#include <string>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "levers/lever_store.hpp"
#include "store/database.hpp"

namespace planwise::app {

struct LeverTarget;  // app/lever_commands.hpp

class LeverWorkspace {
 public:
  // Opens `db_path` for writing (it is created with its schema if missing)
  // and seeds the default scenario from the bundled comp_levers.csv.
  // `db_threads` is store::Database::open's.
  static Result<std::unique_ptr<LeverWorkspace>> open(const InputRequest& inputs,
                                                      const std::string& db_path,
                                                      int db_threads = 0);
  // The same for the database of a lever command's target (its inputs and
  // --db): the lever, scenario and governance use cases open it this way.
  static Result<std::unique_ptr<LeverWorkspace>> open(const LeverTarget& target);

  levers::LeverStore& levers() { return *levers_; }
  store::Database& db() { return *db_; }
  const ConfigAndSeeds& setup() const { return setup_; }
  // Who, why and now, for the audit trail.
  static levers::ChangeContext context(const std::string& actor, const std::string& reason);
  // The store's rows for resolving `scenario`, as a run's lever source.
  Result<LeverRowsSource> lever_source(const std::string& scenario);
  // `inputs` loaded with `scenario`'s stored levers in place of a levers
  // file: what a preview or a change request simulates.
  Result<LoadedInputs> load_with_levers(const InputRequest& inputs, const std::string& scenario);

 private:
  LeverWorkspace() = default;
  ConfigAndSeeds setup_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<levers::LeverStore> levers_;
};

// The lever rows a run of `scenario` reads from the store at `db_path`,
// without writing anything: read-only when the database exists, the bundled
// comp_levers.csv (what a new database starts with) when it does not.
Result<LeverRowsSource> read_store_levers(const InputRequest& inputs, const std::string& db_path,
                                          const std::string& scenario);

}  // namespace planwise::app
