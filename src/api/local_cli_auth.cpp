// Issue 14 item 4: the local CLI's credential (the discovery file's,
// api/serve_discovery.hpp) and the user it acts as. The reasoning is in
// docs/security.md "The CLI while the server runs".
#include "api/routes.hpp"
#include "app/users.hpp"
#include "common/secrets.hpp"

namespace planwise::api {

namespace {

// The peer is this machine: 127.0.0.0/8 or ::1, also as IPv4-mapped IPv6.
bool is_loopback_peer(const std::string& address) {
  std::string a = address;
  if (a.rfind("::ffff:", 0) == 0) a = a.substr(7);
  return a == "::1" || a.rfind("127.", 0) == 0;
}

}  // namespace

// Issue 14 item 4 (docs/security.md "The CLI while the server runs"): the
// discovery file's credential proves the caller can read a file only the
// server's OS user can read, so it is that OS user, as a local CLI on the
// database would be. It then acts as the CLI would: as an enabled user of
// the database it names (its --as, or its OS user), or, in a database
// without users, as the OS user running the server, with that user's role.
Identity Service::authenticate_local_cli(const Request& request,
                                         std::string_view credential) const {
  if (config_.cli_credential.empty() || !constant_time_equal(credential, config_.cli_credential))
    fail(401, "unauthorized", "Authorization", "the local CLI credential is not valid");
  if (!is_loopback_peer(request.client)) {
    fail(403, "forbidden", "Authorization",
         "the local CLI credential is accepted from this machine (loopback) only");
  }
  const std::string& actor = request.actor;
  if (actor.empty()) fail(401, "unauthorized", "X-Planwise-Actor", "the CLI's user is required");
  if (!has_users()) {
    if (actor != config_.local_user) {
      fail(403, "forbidden", "X-Planwise-Actor",
           "the database has no users: the CLI acts as " + config_.local_user +
               ", the OS user running the server (add users to act as " + actor + ")");
    }
    return Identity{actor, app::Role::kAdmin};
  }
  const Result<std::optional<app::User>> user = app::find_user(config_.db_path, actor);
  if (!user) fail(500, "internal", "X-Planwise-Actor", user.error().to_string());
  if (!*user || (*user)->disabled) {
    fail(403, "forbidden", "X-Planwise-Actor",
         "user " + actor + " is not an enabled user of the database (pass --as USER)");
  }
  return Identity{(*user)->name, (*user)->role};
}

}  // namespace planwise::api
