// Issues 5 and 9's load test: C clients (default 50) read a stored run's
// results from the dashboard's API for T seconds (default 10) over
// keep-alive connections, every request with a bearer token; with
// --impact-every N each client's every Nth request is an impact preview
// (POST /api/impact, two simulations), which the server may refuse with a
// deliberate 429 when its heavy-work slots are taken. Prints requests per
// second, latency percentiles, the 429s and every other error apart.
// The server runs in this process on a free loopback port, on its own
// database with one bundled-census run (or --census FILE).
//   planwise_load [--clients 50] [--seconds 10] [--census FILE]
//                 [--path /api/runs/{id}/results] [--impact-every N]
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/http_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int clients = 50;
  double seconds = 10.0;
  std::string census;
  std::string path = "/api/runs/{id}/results";
  int impact_every = 0;  // 0: reads only
};

// The load test's own admin token (a loopback server in this process).
constexpr const char* kToken = "planwise-load-test-token-000001";
const char* kImpact =
    R"({"cells":[{"parameter":"merit_base","year":2026,"level":2,"value":0.045}]})";

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--clients")
      o.clients = std::atoi(value.c_str());
    else if (flag == "--seconds")
      o.seconds = std::atof(value.c_str());
    else if (flag == "--census")
      o.census = value;
    else if (flag == "--path")
      o.path = value;
    else if (flag == "--impact-every")
      o.impact_every = std::atoi(value.c_str());
    else {
      std::fprintf(stderr, "planwise_load: unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("planwise-load-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  planwise::api::ServiceConfig config;
  config.inputs.data_dir = PLANWISE_SOURCE_DIR "/data";
  if (!o.census.empty()) config.inputs.census_path = o.census;
  config.db_path = (dir / "load.duckdb").string();
  config.token = kToken;
  planwise::api::Service service(config);
  planwise::server::ServerOptions http_options;
  http_options.port = 0;
  http_options.web_root = PLANWISE_SOURCE_DIR "/web";
  http_options.worker_threads = std::max(64, o.clients + 8);
  http_options.token = kToken;
  planwise::server::HttpServer http(service, http_options);
  if (!http.bind().ok()) {
    std::fprintf(stderr, "planwise_load: cannot bind\n");
    return 1;
  }
  std::thread server([&] { http.run(); });
  const int port = http.port();

  // One stored run to read.
  httplib::Client setup("127.0.0.1", port);
  setup.set_read_timeout(600, 0);
  setup.set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
  auto started = setup.Post("/api/runs", "{}", "application/json");
  if (!started || started->status != 202) {
    std::fprintf(stderr, "planwise_load: cannot start the run\n");
    return 1;
  }
  const std::string run_id = nlohmann::json::parse(started->body)["run_id"];
  for (;;) {
    auto s = setup.Get(("/api/runs/" + run_id).c_str());
    const std::string status = nlohmann::json::parse(s->body)["status"];
    if (status == "done") break;
    if (status != "queued" && status != "running") {
      std::fprintf(stderr, "planwise_load: the run ended %s\n", status.c_str());
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string path = o.path;
  if (auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, run_id);

  std::atomic<long> errors{0}, busy{0}, impacts{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(o.clients));
  // Impact previews apart: two simulations each, not comparable with reads.
  std::vector<std::vector<double>> impact_ms(static_cast<std::size_t>(o.clients));
  // Each client's first request (connection set-up included) and slowest one,
  // with when it started: a stall at start-up and one mid-run are different.
  std::vector<double> first_ms(static_cast<std::size_t>(o.clients), 0.0);
  std::vector<std::pair<double, double>> slowest(static_cast<std::size_t>(o.clients), {0.0, 0.0});
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::duration<double>(o.seconds);
  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30, 0);
      client.set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
      for (long n = 1; Clock::now() < end; ++n) {
        const bool impact = o.impact_every > 0 && n % o.impact_every == 0;
        const auto t = Clock::now();
        auto r = impact ? client.Post("/api/impact", kImpact, "application/json")
                        : client.Get(path.c_str());
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
        const auto i = static_cast<std::size_t>(c);
        if (r && r->status == 429 && impact && r->has_header("Retry-After")) {
          ++busy;  // deliberate: the heavy-work limit
        } else if (!r || r->status != 200) {
          ++errors;
        } else {
          if (impact) {
            ++impacts;
            impact_ms[i].push_back(ms);
            continue;
          }
          if (latencies[i].empty()) first_ms[i] = ms;
          latencies[i].push_back(ms);
          if (ms > slowest[i].first)
            slowest[i] = {ms, std::chrono::duration<double>(t - begin).count()};
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  std::vector<double> previews;
  for (const auto& l : impact_ms) previews.insert(previews.end(), l.begin(), l.end());
  std::sort(previews.begin(), previews.end());
  auto pct_of = [](const std::vector<double>& v, double p) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
  };
  auto pct = [&](double p) { return pct_of(all, p); };
  std::printf(
      "planwise_load: %d clients for %.1f s on GET %s%s, with a bearer token\n", o.clients,
      o.seconds, path.c_str(),
      o.impact_every > 0
          ? (" and every " + std::to_string(o.impact_every) + "th request POST /api/impact").c_str()
          : "");
  std::printf(
      "  requests: %zu ok (%zu reads, %ld impact previews), %ld deliberate 429s, %ld other "
      "errors; %.0f requests/s\n",
      all.size() + previews.size(), all.size(), impacts.load(), busy.load(), errors.load(),
      static_cast<double>(all.size() + previews.size()) / o.seconds);
  std::printf("  read latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.50),
              pct(0.90), pct(0.99), all.empty() ? 0.0 : all.back());
  if (!previews.empty()) {
    std::printf("  impact preview latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                pct_of(previews, 0.50), pct_of(previews, 0.99), previews.back());
  }
  const auto worst = *std::max_element(slowest.begin(), slowest.end());
  std::printf(
      "  first request per client (connect included): max %.2f ms; slowest request started at %.2f "
      "s\n",
      *std::max_element(first_ms.begin(), first_ms.end()), worst.second);
  http.stop();
  server.join();
  service.jobs().shutdown(true);
  fs::remove_all(dir);
  return errors.load() == 0 && !(all.empty() && previews.empty()) ? 0 : 1;
}
