// Issue 15 item 4: how long a writer waits for its turn. Writers of one
// database file in this process take turns (Database::begin_transaction);
// a writer waits at most write_wait() for another write transaction to end,
// then is refused with kConflict and rule kWriteBusyRule (HTTP 409 with
// Retry-After, CLI exit 4), never left waiting without end. DuckDB's own
// write-write conflicts between transactions are refused the same way.
#pragma once

#include <chrono>

namespace planwise::store {

// 5 s unless $PLANWISE_WRITE_WAIT_MS (read once, milliseconds) or
// set_write_wait says otherwise.
std::chrono::milliseconds write_wait();
void set_write_wait(std::chrono::milliseconds wait);

// The rule of a write refused because another write held the file past the
// wait, or DuckDB found a write-write conflict: nothing was written; retry.
inline constexpr const char* kWriteBusyRule = "write_busy";

}  // namespace planwise::store
