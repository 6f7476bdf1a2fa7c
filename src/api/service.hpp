// The JSON API of the dashboard (docs/api.md): routing, authorisation,
// request parsing and response shapes over the app/ use cases. One
// database file is shared with the job queue that runs simulations and
// optimizations in the background.
#pragma once

#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>

#include "api/http_types.hpp"
#include "api/sessions.hpp"
#include "app/census_switch.hpp"
#include "app/census_uploads.hpp"
#include "app/export_files.hpp"
#include "app/inputs.hpp"
#include "app/jobs.hpp"
#include "app/lever_workspace.hpp"
#include "app/users.hpp"

namespace planwise::api {

struct ServiceConfig {
  app::InputRequest inputs;  // data folder and configuration
  std::string db_path = "planwise.duckdb";
  // A single admin's bearer token (serve --token-file, $PLANWISE_TOKEN).
  std::string token;
  std::string admin_name = "admin";  // the actor that token acts as
  // Who a token belongs to, instead of the database's users (tests).
  UserLookup users;
  // With neither users nor a token, the service makes a personal session
  // token at start (Service::login_token), acting as this local user.
  std::string local_user = "local";
  app::AccessPolicy policy;
  // Behind a TLS proxy (serve --public-host): the session cookie is marked
  // Secure, so a browser never sends it over plain HTTP.
  bool secure_cookie = false;
  // Simulations and exports that requests run at once (impact, headline,
  // exports); beyond it a request is answered 429 with Retry-After.
  std::size_t heavy_limit = 2;
  std::string version;
  // Issue 14 item 1: the largest census upload (serve --max-upload-mb).
  std::size_t max_upload_bytes = std::size_t{200} << 20;
  // Issue 14 item 4: the credential of the discovery file (<db>.serve.json):
  // with it a CLI on this machine acts as the user it names (see
  // Service::authenticate_local_cli). Empty: no CLI access.
  std::string cli_credential;
};

// A slot for heavy work; released when the last copy goes.
using HeavySlot = std::shared_ptr<void>;

// Bodies of responses about stored runs, which never change once committed
// (results, summaries): a request for the same run and filter is answered
// from memory. Least recently used entries go first.
class ResponseCache {
 public:
  explicit ResponseCache(std::size_t capacity) : capacity_(capacity) {}
  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, std::string body);
  // The cached body, or compute() stored under key. Concurrent requests for
  // the same missing key wait for one computation instead of each running
  // it (50 clients asking for a new run's results at once). If compute()
  // throws, the next waiter computes in turn.
  std::string get_or_compute(const std::string& key, const std::function<std::string()>& compute);

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable computed_;
  std::set<std::string> in_flight_;
  std::list<std::pair<std::string, std::string>> entries_;  // most recent first
  std::map<std::string, std::list<std::pair<std::string, std::string>>::iterator> index_;
};

class Service {
 public:
  // Opens (or creates) the database; throws std::runtime_error when it
  // cannot, with the store's message (e.g. in use by another process).
  explicit Service(ServiceConfig config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Response handle(const Request& request);
  app::JobQueue& jobs() { return *jobs_; }
  // The personal session's token (the printed URL's ?token=), made when the
  // service has neither users nor an admin token; empty otherwise.
  const std::string& login_token() const { return login_token_; }
  // A heavy-work slot, or nothing when heavy_limit are taken.
  HeavySlot try_heavy();
  // The database has enabled users (token mode).
  bool has_users() const;
  // Reads the database's users again (after the users routes change them).
  void reload_users();
  // Ends a user's dashboard sessions (after disabling or rotating).
  void end_sessions_of(const std::string& name) { sessions_.close_user(name); }
  ResponseCache& cache() { return cache_; }
  // Issue 14 item 1 (census_routes.cpp). The caller of a census upload,
  // checked from the request's head before its body is read: who, or the
  // refusal (401, 403).
  std::variant<Identity, Response> admit_upload(const Request& request);
  // The answer to a received upload: 201 {upload_id, bytes, file_type, name}.
  Response upload_received(const app::UploadedFile& file);
  app::CensusUploads& uploads() { return *uploads_; }
  std::size_t max_upload_bytes() const { return config_.max_upload_bytes; }
  // The census the dashboard's runs, previews and headline use (issue 14
  // item 1): the configured one until someone switches.
  app::CensusChoice active_census() const;
  void set_active_census(app::CensusChoice census);
  // The server's own census (--census or the configuration's), hashed once at start.
  const app::CensusChoice& configured_census() const { return configured_census_; }
  // Export files written once and served with Content-Length (issue 14).
  app::ExportFileCache& export_files() { return export_files_; }
  // The {error, field, detail} answer, also for the transport's own refusals
  // (static files, body limit).
  static Response error(int status, const std::string& kind, const std::string& field,
                        const std::string& detail);
  // One event of a job's stream, as SSE text ("id: ...\nevent: ...\ndata: ...\n\n").
  static std::string sse_text(const app::JobEvent& event);

  // Route groups, one file each (levers_routes.cpp, runs_routes.cpp, ...).
  struct Context;

 private:
  std::optional<Identity> identify_token(std::string_view token) const;
  std::optional<Identity> authenticate(const Request& request);
  // The caller, or the 401 (thrown as ApiError).
  Identity require_identity(const Request& request);
  Identity authenticate_local_cli(const Request& request, std::string_view credential) const;
  Response session_route(const Request& request);

  ServiceConfig config_;
  std::string login_token_;
  SessionStore sessions_;
  std::mutex heavy_mutex_;
  std::size_t heavy_in_use_ = 0;
  mutable std::mutex users_mutex_;
  std::shared_ptr<const app::UserDirectory> directory_;
  // Held for the server's lifetime: the file is created with its schema and
  // default levers before the first request, and every later open in this
  // process (read-only ones included) shares this read-write instance.
  std::unique_ptr<app::LeverWorkspace> workspace_;
  std::unique_ptr<app::JobQueue> jobs_;
  ResponseCache cache_{256};
  std::unique_ptr<app::CensusUploads> uploads_;
  mutable std::mutex census_mutex_;
  app::CensusChoice configured_census_;
  app::CensusChoice active_census_;
  // Deletes uploads unused for an hour (they hold SSNs), once a minute.
  std::mutex janitor_mutex_;
  std::condition_variable janitor_wake_;
  bool janitor_stop_ = false;
  std::thread janitor_;
  // 16 files and 2 GiB at most: the 60,000-person run's yearly_events CSV
  // is about 82 MB.
  app::ExportFileCache export_files_{16, std::uint64_t{2} << 30};
};

}  // namespace planwise::api
