#include "cli/exit_codes.hpp"

namespace planwise::cli {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return 2;
    case ErrorKind::kNotFound:
      return 3;
    case ErrorKind::kConflict:
      return 4;
    case ErrorKind::kCancelled:
      return 5;
    case ErrorKind::kInvariantFailed:
      return 6;
    case ErrorKind::kStorage:
      return 7;
    case ErrorKind::kBusy:
      return 9;
    case ErrorKind::kInternal:
      return 70;
  }
  return 70;
}

}  // namespace planwise::cli
