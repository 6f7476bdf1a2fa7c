// Process exit codes, one per error kind (style guide §3), documented in
// docs/cli.md. CLI11's own usage errors keep CLI11's codes.
#pragma once

#include "common/error.hpp"

namespace planwise::cli {

inline constexpr int kExitOk = 0;
// `optimize` finished but did not reach its target (not converged,
// unreachable or infeasible). The record is stored; the levers are
// unchanged unless --accept-best wrote the best point found.
inline constexpr int kExitNotReached = 8;
int exit_code(ErrorKind kind);

}  // namespace planwise::cli
