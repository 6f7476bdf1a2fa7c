// `planwise serve` stops gracefully on SIGTERM (issue 5 item 1): committed
// runs stay, the running job is cancelled and keeps only what it committed,
// and a queued run leaves nothing behind.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <string>
#include <thread>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

using nlohmann::json;

int port_in(const std::string& text) {
  const std::string marker = "http://127.0.0.1:";
  const std::size_t at = text.find(marker);
  return at == std::string::npos ? -1 : std::stoi(text.substr(at + marker.size()));
}

// The personal session's token from the printed URL (…/?token=HEX).
std::string token_in(const std::string& text) {
  const std::string marker = "?token=";
  const std::size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  std::size_t end = at + marker.size();
  while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end]))) ++end;
  return text.substr(at + marker.size(), end - at - marker.size());
}

json get_json(httplib::Client& c, const std::string& path) {
  auto r = c.Get(path.c_str());
  EXPECT_TRUE(r) << path;
  return r ? json::parse(r->body) : json();
}

TEST(ServeCli, SigtermCancelsTheRunningJobKeepsCommittedRunsAndWritesNoQueuedOne) {
  TempDir dir;
  const std::string db = (dir / "serve.duckdb").string();
  ChildProcess server(
      {"/bin/sh", "-c", "exec " + cli() + " serve --port 0 --db '" + db + "' 1>&2"});
  ASSERT_TRUE(server.wait_for_line("dashboard: http://")) << server.stderr_seen();
  const int port = port_in(server.stderr_seen());
  ASSERT_GT(port, 0) << server.stderr_seen();
  const std::string token = token_in(server.stderr_seen());
  ASSERT_EQ(token.size(), 64u) << server.stderr_seen();
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  c.set_default_headers({{"Authorization", "Bearer " + token}});

  // A run that finishes: committed before the signal.
  const std::string done_id =
      json::parse(c.Post("/api/runs", "{}", "application/json")->body)["run_id"];
  for (int i = 0; i < 3000 && get_json(c, "/api/runs/" + done_id)["status"] != "done"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(get_json(c, "/api/runs/" + done_id)["status"], "done");

  // A long search holds the writer; a second run waits behind it.
  const std::string opt_id = json::parse(
      c.Post("/api/optimizations",
             R"({"algorithm":"nsga2","target":0.05,"budget_evals":20000,"dry_run":true})",
             "application/json")
          ->body)["run_id"];
  for (int i = 0; i < 3000; ++i) {
    const json o = get_json(c, "/api/optimizations/" + opt_id);
    if (o["progress"].is_object() && o["progress"]["evaluations"].get<int>() >= 5) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::string queued_id =
      json::parse(c.Post("/api/runs", "{}", "application/json")->body)["run_id"];
  ASSERT_EQ(get_json(c, "/api/runs/" + queued_id)["status"], "queued");

  server.terminate();
  const int status = server.wait();
  ASSERT_TRUE(WIFEXITED(status)) << server.stderr_seen();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.stderr_seen();
  EXPECT_NE(server.stderr_seen().find("SIGTERM received"), std::string::npos);
  EXPECT_NE(server.stderr_seen().find("server stopped"), std::string::npos);

  // Only the finished run is stored, whole.
  const CommandResult runs = run_command(
      cli() + " sql \"SELECT run_id FROM runs ORDER BY run_id\" --format csv --db '" + db + "'");
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_EQ(runs.out, "run_id\n" + done_id + "\n");
  const CommandResult summary =
      run_command(cli() + " sql \"SELECT count(*) AS n FROM year_summary WHERE run_id = '" +
                  done_id + "'\" --format csv --db '" + db + "'");
  EXPECT_EQ(summary.out, "n\n5\n") << summary.err;
  // The search was interrupted and keeps the evaluations it had made.
  const CommandResult opts = run_command(cli() + " optimize list --json --db '" + db + "'");
  ASSERT_EQ(opts.exit_code, 0) << opts.err;
  const json listed = json::parse(opts.out);
  ASSERT_EQ(listed.size(), 1u) << opts.out;
  EXPECT_EQ(listed[0]["run_id"], opt_id);
  EXPECT_EQ(listed[0]["status"], "interrupted");
  EXPECT_GE(listed[0]["evaluations"].get<int>(), 5);
  EXPECT_FALSE(listed[0]["applied"].get<bool>());
}

}  // namespace
}  // namespace planwise::test
