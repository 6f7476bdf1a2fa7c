#include "store/transaction.hpp"

namespace planwise::store {

Result<Transaction> Transaction::begin(Database& db) {
  PLANWISE_RETURN_IF_ERROR(db.begin_transaction());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (open_) db_->rollback();
}

Status Transaction::commit() {
  PLANWISE_RETURN_IF_ERROR(db_->commit());
  open_ = false;
  return Status::success();
}

}  // namespace planwise::store
