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
  std::fprintf(stderr, "planwise: server stopped\n");
  return 0;
}

}  // namespace planwise::server
