// `planwise serve`: the server process. It prints the URL, serves until
// SIGINT or SIGTERM, then shuts down gracefully: no new requests, running
// jobs are cancelled (a simulation rolls back and leaves no rows, an
// optimization stores its history as interrupted), queued ones dropped.
#pragma once

#include "api/service.hpp"
#include "server/http_server.hpp"

namespace planwise::server {

struct ServeOptions {
  api::ServiceConfig service;
  ServerOptions http;
};

// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace planwise::server
