// One explicit transaction on a Database: rolled back unless committed, so
// an error anywhere in a multi-statement write leaves nothing behind.
#pragma once

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), open_(other.open_) {
    other.open_ = false;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database& db) : db_(&db), open_(true) {}
  Database* db_;
  bool open_;
};

}  // namespace planwise::store
