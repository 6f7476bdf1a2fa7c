// Process exit codes, one per error kind (style guide §3), documented in
// docs/cli.md. CLI11's own usage errors keep CLI11's codes.
#pragma once

#include "common/error.hpp"

namespace planwise::cli {

inline constexpr int kExitOk = 0;
int exit_code(ErrorKind kind);

}  // namespace planwise::cli
