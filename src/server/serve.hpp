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
  // A single admin's token: from http.token, else this file, else
  // $PLANWISE_TOKEN (the last two never show in ps).
  std::string token_file;
  std::string employee_data_roles = "analyst,admin";
};

// Fills service.token (and http.token) from the options, the token file or
// $PLANWISE_TOKEN, and the access policy from employee_data_roles. An
// unreadable or empty token file, or an unknown role, is an error naming
// the flag.
Status resolve_credentials(ServeOptions& options);

// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace planwise::server
