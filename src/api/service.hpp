// The JSON API of the dashboard (docs/api.md): routing, authorisation,
// request parsing and response shapes over the app/ use cases. One
// database file is shared with the job queue that runs simulations and
// optimizations in the background.
#pragma once

#include <memory>
#include <string>

#include "api/http_types.hpp"
#include "app/inputs.hpp"
#include "app/jobs.hpp"

namespace planwise::api {

struct ServiceConfig {
  app::InputRequest inputs;  // data folder and configuration
  std::string db_path = "planwise.duckdb";
  std::string token;  // empty: no token required
  std::string version;
};

class Service {
 public:
  explicit Service(ServiceConfig config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Response handle(const Request& request);
  app::JobQueue& jobs() { return *jobs_; }
  const ServiceConfig& config() const { return config_; }
  // One event of a job's stream, as SSE text ("id: ...\nevent: ...\ndata: ...\n\n").
  static std::string sse_text(const app::JobEvent& event);

  // Route groups, one file each (levers_routes.cpp, runs_routes.cpp, ...).
  struct Context;

 private:
  ServiceConfig config_;
  std::unique_ptr<app::JobQueue> jobs_;
};

}  // namespace planwise::api
