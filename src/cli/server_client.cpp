// The CLI's HTTP client for a running server (issue 14 item 4): cpp-httplib,
// included by this file only in src/cli.
#include <httplib.h>

#include "api/cli_json.hpp"
#include "cli/remote.hpp"

namespace planwise::cli {

struct ServerClient::Impl {
  httplib::Client client;
  Impl(const std::string& host, int port) : client(host, port) {}
};

ServerClient::ServerClient(api::ServeDiscovery server, std::string actor)
    : server_(std::move(server)), impl_(std::make_unique<Impl>(server_.host, server_.port)) {
  impl_->client.set_connection_timeout(2, 0);
  // A query or a lever write may take a while on a large database.
  impl_->client.set_read_timeout(600, 0);
  impl_->client.set_default_headers(
      {{"Authorization", "PlanwiseLocal " + server_.credential}, {"X-Planwise-Actor", actor}});
}

ServerClient::~ServerClient() = default;

std::string ServerClient::describe() const {
  const std::string host =
      server_.host.find(':') != std::string::npos ? "[" + server_.host + "]" : server_.host;
  return "the server (PID " + std::to_string(server_.pid) + ", http://" + host + ":" +
         std::to_string(server_.port) + ")";
}

namespace {

Result<std::string> answer(const httplib::Result& r, const std::string& server) {
  if (!r) {
    return Error::make(ErrorKind::kStorage,
                       "cannot reach " + server + ": " + httplib::to_string(r.error()));
  }
  if (r->status >= 200 && r->status < 300) return r->body;
  return api::api_error_of(r->status, r->body, server);
}

}  // namespace

Result<std::string> ServerClient::get(const std::string& path) {
  return answer(impl_->client.Get(path), describe());
}

Result<std::string> ServerClient::post(const std::string& path, const std::string& json_body) {
  return answer(impl_->client.Post(path, json_body, "application/json"), describe());
}

}  // namespace planwise::cli
