#include "store/transaction.hpp"

namespace planwise::store {

Result<Transaction> Transaction::begin(Database& db) {
  PLANWISE_RETURN_IF_ERROR(db.execute("BEGIN TRANSACTION"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (open_) (void)db_->execute("ROLLBACK");
}

Status Transaction::commit() {
  PLANWISE_RETURN_IF_ERROR(db_->execute("COMMIT"));
  open_ = false;
  return Status::success();
}

}  // namespace planwise::store
