// Reading commands and routes open a database that must already exist: a
// missing file is a not-found error naming it (and what creates it), never
// a new, empty database.
#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::app {

// `hint` is added in parentheses, e.g. "run `planwise simulate` first".
Result<std::unique_ptr<store::Database>> open_existing_database(
    const std::string& db_path, store::OpenMode mode = store::OpenMode::kReadOnly,
    const std::string& hint = "");

}  // namespace planwise::app
