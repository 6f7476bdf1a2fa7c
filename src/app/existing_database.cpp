#include "app/existing_database.hpp"

#include <filesystem>

namespace planwise::app {

Result<std::unique_ptr<store::Database>> open_existing_database(const std::string& db_path,
                                                                store::OpenMode mode,
                                                                const std::string& hint) {
  if (!std::filesystem::exists(db_path)) {
    return Error::make(ErrorKind::kNotFound,
                       "no database at " + db_path + (hint.empty() ? "" : " (" + hint + ")"));
  }
  return store::Database::open(db_path, mode);
}

}  // namespace planwise::app
