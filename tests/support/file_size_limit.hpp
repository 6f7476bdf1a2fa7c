// A full disk for one process (issue 15 item 2): a file-size limit, with
// SIGXFSZ ignored so a write past it fails with EFBIG instead of killing
// the process. Only for a child process (a death test's): the limit stays.
#pragma once

#include <signal.h>
#include <sys/resource.h>

namespace planwise::test {

inline bool limit_file_size(rlim_t bytes) {
  const struct rlimit limit { bytes, bytes };
  return ::signal(SIGXFSZ, SIG_IGN) != SIG_ERR && ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
}

}  // namespace planwise::test
