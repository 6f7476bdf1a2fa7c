#include "server/serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "api/serve_discovery.hpp"
#include "common/secrets.hpp"

namespace planwise::server {

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

// The OS user running the server: the actor of its personal session.
std::string local_user_name() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr)
    return pw->pw_name;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "local";
}

// The loopback address a local CLI reaches the server at, or "" when the
// server listens on one non-loopback address only.
std::string loopback_host(const std::string& bound) {
  if (bound.empty() || bound == "0.0.0.0" || bound == "localhost" || bound.rfind("127.", 0) == 0)
    return "127.0.0.1";
  if (bound == "::" || bound == "::1") return "::1";
  return "";
}

}  // namespace

Status resolve_credentials(ServeOptions& o) {
  std::string token = o.http.token;
  if (token.empty() && !o.token_file.empty()) {
    std::ifstream in(o.token_file);
    if (!in) {
      return Error::invalid_input("command line", 0, "--token-file", "unreadable", o.token_file,
                                  "cannot read the token file");
    }
    std::stringstream text;
    text << in.rdbuf();
    token = trimmed(text.str());
    if (token.empty()) {
      return Error::invalid_input("command line", 0, "--token-file", "empty", o.token_file,
                                  "the token file is empty");
    }
  }
  if (token.empty()) {
    if (const char* env = std::getenv("PLANWISE_TOKEN"); env != nullptr) token = trimmed(env);
  }
  // Never echo the token: an error names only where it came from.
  if (!token.empty() && token.size() < 16) {
    return Error::invalid_input("command line", 0, "--token", "too_short", "(not shown)",
                                "an admin token needs at least 16 characters");
  }
  o.http.token = token;
  o.service.token = token;
  o.service.local_user = local_user_name();
  o.service.secure_cookie = !o.http.public_host.empty();
  app::AccessPolicy policy;
  policy.employee_data_roles.clear();
  std::stringstream roles(o.employee_data_roles);
  for (std::string name; std::getline(roles, name, ',');) {
    name = trimmed(name);
    if (name.empty()) continue;
    const auto role = app::parse_role(name);
    if (!role) {
      return Error::invalid_input("command line", 0, "--employee-data-roles", "unknown_role", name,
                                  "roles are analyst, approver, compliance, executive, admin");
    }
    policy.employee_data_roles.insert(*role);
  }
  o.service.policy = policy;
  return Status::success();
}

int serve(const ServeOptions& given) {
  ServeOptions options = given;
  if (const Status s = resolve_credentials(options); !s.ok()) {
    std::fprintf(stderr, "planwise: error: %s\n", s.error().to_string().c_str());
    return 2;
  }
  // Signals go to one thread that waits for them; every thread created
  // from here on inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Issue 14 item 4: the local CLI's credential, written to the discovery
  // file once the port is known.
  options.service.cli_credential = random_token();
  std::unique_ptr<api::Service> service_holder;
  try {
    service_holder = std::make_unique<api::Service>(options.service);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "planwise: error: %s\n", e.what());
    return 4;
  }
  api::Service& service = *service_holder;
  // A database with users is token mode: then (as with an admin token) the
  // server may listen beyond loopback.
  options.http.has_users = service.has_users();
  if (const Status s = check_bind(options.http); !s.ok()) {
    std::fprintf(stderr, "planwise: error: %s\n", s.error().to_string().c_str());
    return 2;
  }
  HttpServer http(service, options.http);
  if (const Status s = http.bind(); !s.ok()) {
    std::fprintf(stderr, "planwise: error: %s\n", s.error().to_string().c_str());
    return 4;
  }
  const std::string& db_path = options.service.db_path;
  if (const std::string local = loopback_host(options.http.host); local.empty()) {
    std::fprintf(stderr,
                 "planwise: not listening on loopback: CLI commands on %s cannot go through this "
                 "server\n",
                 db_path.c_str());
  } else if (const Status s =
                 api::write_discovery(db_path, {static_cast<int>(::getpid()), local, http.port(),
                                                options.service.cli_credential, db_path});
             !s.ok()) {
    // The dashboard works without it; only the CLI's way in is missing.
    std::fprintf(stderr, "planwise: warning: %s\n", s.error().to_string().c_str());
  }
  std::thread watcher([&] {
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(
        stderr,
        "planwise: %s received: stopping (running jobs are cancelled, nothing half-written)\n",
        received == SIGTERM ? "SIGTERM" : "SIGINT");
    http.stop();
  });
  // The personal session's URL carries its token, as a notebook server's
  // does; the page trades it for an HttpOnly cookie and drops it from the
  // address bar. With users or an admin token, each person brings theirs.
  const std::string host = options.http.host.find(':') != std::string::npos
                               ? "[" + options.http.host + "]"
                               : options.http.host;
  const std::string query = service.login_token().empty() ? "" : "?token=" + service.login_token();
  std::printf("PlanWise Navigator dashboard: http://%s:%d/%s  (database %s; Ctrl-C stops)\n",
              host.c_str(), http.port(), query.c_str(), options.service.db_path.c_str());
  std::fflush(stdout);
  http.run();
  // run() also returns if the listener failed; make sure the watcher ends.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  service.jobs().shutdown(true);
  api::remove_discovery(db_path, static_cast<int>(::getpid()));
  std::fprintf(stderr, "planwise: server stopped\n");
  return 0;
}

}  // namespace planwise::server
