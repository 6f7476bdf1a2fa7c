// The one error type of the project (style guide §3 "Errors").
// Input errors carry where they happened (file, row, column) and which rule
// failed, so an analyst can fix the input without reading code (spec §0.4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace planwise {

// Chosen by what the caller does next, not by where the failure happened.
enum class ErrorKind {
  kInvalidInput,     // fix the input and retry
  kNotFound,         // a named thing does not exist
  kConflict,         // the target is locked or in use
  kCancelled,        // the caller asked to stop
  kInvariantFailed,  // a fatal spec §6 property failed: an engine bug or absurd input
  kStorage,          // the database refused
  kBusy,             // a limit of the moment (a full job queue): retry later
  kInternal,         // a programmer mistake surfaced at run time
};

const char* error_kind_name(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  // Location for input errors. `row` is the 1-based line of a CSV file
  // (header = line 1), the 1-based data row of a Parquet file, or the line of
  // a YAML file; 0 means "not about one row".
  std::string file;
  std::int64_t row = 0;
  std::string column;
  std::string rule;   // short id of the failed rule, e.g. "salary_positive"
  std::string value;  // the offending value as read
  // For invariant failures: the year and the spec §6 check id.
  int year = 0;
  std::string check_id;
  // Further errors of the same operation (readers collect up to a cap).
  std::vector<Error> more;

  static Error invalid_input(std::string file, std::int64_t row, std::string column,
                             std::string rule, std::string value, std::string message);
  static Error make(ErrorKind kind, std::string message);
  // An input error in a command-line flag: file "command line", row 0, the
  // flag as the column.
  static Error command_line(std::string flag, std::string rule, std::string value,
                            std::string message);

  // One line per error: "file:row: column 'c': message [rule; value 'v']".
  std::string to_string() const;
  // The first error and every one in `more`, one per line.
  std::string to_string_all() const;
  std::size_t count() const { return 1 + more.size(); }
};

// Collects input errors up to a cap, then turns them into one Error whose
// `more` holds the rest. Readers keep going after an error so the analyst
// sees every problem of a file at once.
class ErrorCollector {
 public:
  explicit ErrorCollector(std::size_t cap = 50) : cap_(cap) {}
  void add(Error error);
  bool empty() const { return errors_.empty(); }
  bool full() const { return errors_.size() >= cap_; }
  std::size_t dropped() const { return dropped_; }
  // Precondition: !empty().
  Error take();

 private:
  std::size_t cap_;
  std::size_t dropped_ = 0;
  std::vector<Error> errors_;
};

}  // namespace planwise
