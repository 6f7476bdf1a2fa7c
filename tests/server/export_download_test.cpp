// Issue 14 item 3 over HTTP: an export goes out with its Content-Length and
// uncompressed, whatever Accept-Encoding the browser sends (on-the-fly
// Brotli made an 82 MB CSV take minutes); read back in pieces it is the
// stored table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "app/table_export.hpp"
#include "server/test_server.hpp"

namespace planwise::server {
namespace {

using json = nlohmann::json;
using test_support::TestServer;

// A stored run made through the API (the job queue), once done.
std::string stored_run(httplib::Client& c) {
  auto started = c.Post("/api/runs", R"({"scenario":"default","seed":7})", "application/json");
  EXPECT_TRUE(started);
  if (!started) return "";
  EXPECT_EQ(started->status, 202) << started->body;
  const std::string id = json::parse(started->body)["run_id"];
  for (int i = 0; i < 1200; ++i) {
    auto r = c.Get(("/api/runs/" + id).c_str());
    if (r && r->status == 200) {
      const std::string status = json::parse(r->body)["status"];
      if (status == "done") return id;
      if (status != "queued" && status != "running") break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "run " << id << " did not finish";
  return id;
}

TEST(ExportDownload, ACsvExportHasItsContentLengthNoEncodingAndIsTheStoredTableReadInPieces) {
  TestServer s;
  auto c = s.client();
  const std::string id = stored_run(c);
  ASSERT_FALSE(id.empty());
  std::string expected;
  const Status st =
      app::stream_table_csv(s.db_path(), id, "workforce_snapshot", app::PersonalData::kFull,
                            [&](const char* data, std::size_t size) {
                              expected.append(data, size);
                              return true;
                            });
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  const std::string path = "/api/runs/" + id + "/export?table=workforce_snapshot&format=csv";
  std::string body;
  std::size_t pieces = 0;
  auto r = c.Get(path.c_str(), {{"Accept-Encoding", "gzip, deflate, br"}},
                 [&](const char* data, std::size_t size) {
                   body.append(data, size);
                   ++pieces;
                   return true;
                 });
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_GT(pieces, 1u);
  EXPECT_TRUE(body == expected) << "the stored table, with the run's created_at";
  EXPECT_EQ(r->get_header_value("Content-Length"), std::to_string(expected.size()));
  EXPECT_FALSE(r->has_header("Content-Encoding"));
  EXPECT_FALSE(r->has_header("Transfer-Encoding"));
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv");
  EXPECT_NE(r->get_header_value("Content-Disposition").find(id + "_workforce_snapshot.csv"),
            std::string::npos);

  // A second download is the same bytes, read from the written file.
  auto again = c.Get(path.c_str(), {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->body == expected);
  EXPECT_FALSE(again->has_header("Content-Encoding"));
}

TEST(ExportDownload, AParquetExportHasTheFilesSizeAsContentLength) {
  TestServer s;
  auto c = s.client();
  const std::string id = stored_run(c);
  ASSERT_FALSE(id.empty());
  auto r = c.Get(("/api/runs/" + id + "/export?table=hires_by_level&format=parquet").c_str(),
                 {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Length"), std::to_string(r->body.size()));
  EXPECT_FALSE(r->has_header("Content-Encoding"));
  EXPECT_EQ(r->body.substr(0, 4), "PAR1");
  EXPECT_EQ(r->body.substr(r->body.size() - 4), "PAR1");
  auto bad = c.Get(("/api/runs/" + id + "/export?table=year_summary&format=xml").c_str());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["field"], "format");
}

}  // namespace
}  // namespace planwise::server
