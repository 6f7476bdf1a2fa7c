// Issue 14 items 1 and 6: a census upload streamed to disk by the transport,
// under its own size limit, with the type checked as the bytes arrive and
// nothing kept from a refused upload. The limits that protect every other
// request (head size, timeouts, chunk sizes, Origin) hold for uploads too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

#include "test_server.hpp"

namespace planwise::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::RawConnection;
using test_support::status_of;
using test_support::TestServer;

constexpr std::size_t kUploadLimit = 256 * 1024;  // the test servers' upload limit

TestServer upload_server(const std::function<void(ServerOptions&)>& configure = {}) {
  return TestServer(configure, [](api::ServiceConfig& c) { c.max_upload_bytes = kUploadLimit; });
}

std::string upload_response_body(const std::string& response) {
  const std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

nlohmann::json json_of(const std::string& response) {
  return nlohmann::json::parse(upload_response_body(response), nullptr, false);
}

// What the census folder's uploads/ holds: nothing after a refusal.
std::vector<fs::path> upload_files(const TestServer& s) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(s.dir() / "censuses" / "uploads", ec))
    out.push_back(f.path());
  return out;
}

std::string upload_head(const TestServer& s, const std::string& content_type,
                        const std::string& framing,
                        const std::string& target = "/api/censuses/uploads?name=hris.csv") {
  return "POST " + target + " HTTP/1.1\r\nHost: " + s.host() +
         "\r\nAuthorization: Bearer test-token\r\nContent-Type: " + content_type + "\r\n" +
         framing + "\r\n";
}

std::string csv_rows(std::size_t bytes) {
  std::string out = "Worker ID,Hire Date,Annual Base Salary\n";
  for (int i = 0; out.size() < bytes; ++i)
    out += "W" + std::to_string(100000 + i) + ",03/15/2019,65000\n";
  return out.substr(0, bytes);
}

// Sends a whole request and reads the answer.
std::string send_and_read(const TestServer& s, const std::string& request) {
  RawConnection raw(s.port());
  EXPECT_TRUE(raw.send(request));
  return raw.read_until_closed(10s);
}

TEST(CensusUpload, StreamsACsvToAPrivateFileUnderARandomId) {
  TestServer s = upload_server();
  const std::string csv = csv_rows(100'000);
  const std::string answer = send_and_read(
      s,
      upload_head(s, "text/csv", "Content-Length: " + std::to_string(csv.size()) + "\r\n") + csv);
  ASSERT_EQ(status_of(answer), 201) << answer.substr(0, 400);
  const nlohmann::json j = json_of(answer);
  EXPECT_EQ(j["bytes"], csv.size());
  EXPECT_EQ(j["file_type"], "csv");
  EXPECT_EQ(j["name"], "hris.csv");
  const std::string id = j["upload_id"];
  EXPECT_EQ(id.size(), 32u);
  const std::vector<fs::path> files = upload_files(s);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), id + ".csv");
  EXPECT_EQ(test::read_file(files[0]), csv);
  struct stat st {};
  ASSERT_EQ(::stat(files[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  // The answer never names a server path.
  EXPECT_EQ(answer.find(s.dir().string()), std::string::npos);
}

TEST(CensusUpload, StreamsAChunkedParquetUpload) {
  TestServer s = upload_server();
  const std::string parquet = "PAR1" + std::string(5000, '\0') + "some footer PAR1";
  std::string chunks;
  for (std::size_t at = 0; at < parquet.size(); at += 1000) {
    const std::string piece = parquet.substr(at, 1000);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    chunks += std::string(size) + "\r\n" + piece + "\r\n";
  }
  const std::string answer = send_and_read(
      s, upload_head(s, "application/vnd.apache.parquet", "Transfer-Encoding: chunked\r\n",
                     "/api/censuses/uploads?name=hris.parquet") +
             chunks + "0\r\n\r\n");
  ASSERT_EQ(status_of(answer), 201) << answer.substr(0, 400);
  EXPECT_EQ(json_of(answer)["file_type"], "parquet");
  EXPECT_EQ(json_of(answer)["bytes"], parquet.size());
}

TEST(CensusUpload, RefusesAContentLengthPastTheLimitBeforeReadingAndKeepsNothing) {
  TestServer s = upload_server();
  const std::string answer = send_and_read(
      s,
      upload_head(s, "text/csv", "Content-Length: " + std::to_string(kUploadLimit + 1) + "\r\n"));
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 400);
  EXPECT_EQ(json_of(answer)["error"], "payload_too_large");
  EXPECT_NE(json_of(answer)["detail"].get<std::string>().find(std::to_string(kUploadLimit)),
            std::string::npos);
  EXPECT_TRUE(upload_files(s).empty());
  EXPECT_EQ(s.service().uploads().count(), 0u);
}

TEST(CensusUpload, CutsOffAChunkedUploadPastTheLimitAndDeletesThePartialFile) {
  TestServer s = upload_server();
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.send(upload_head(s, "text/csv", "Transfer-Encoding: chunked\r\n")));
  const std::string rows = csv_rows(0x4000);
  const std::string chunk = "4000\r\n" + rows + "\r\n";
  std::size_t sent = 0;
  bool saw_partial_file = false;
  // Up to four times the limit, stopping as soon as the server answers.
  while (sent < 4 * kUploadLimit && !raw.readable(20ms) && raw.send(chunk)) {
    sent += 0x4000;
    saw_partial_file = saw_partial_file || !upload_files(s).empty();
  }
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 400);
  EXPECT_LT(sent, 4 * kUploadLimit) << "the server read past the limit";
  EXPECT_GE(sent, kUploadLimit - 0x4000) << "refused before the limit";
  EXPECT_TRUE(saw_partial_file) << "the body was not streamed to a file";
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, RefusesAnExcelWorkbookByItsBytes) {
  TestServer s = upload_server();
  const std::string xlsx = std::string("PK\x03\x04", 4) + std::string(2000, '\x01');
  const std::string answer = send_and_read(
      s,
      upload_head(s, "text/csv", "Content-Length: " + std::to_string(xlsx.size()) + "\r\n") + xlsx);
  EXPECT_EQ(status_of(answer), 415) << answer.substr(0, 400);
  EXPECT_EQ(json_of(answer)["field"], "body");
  EXPECT_NE(json_of(answer)["detail"].get<std::string>().find("Excel"), std::string::npos);
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, RefusesABadContentTypeOrFileNameWithoutReadingTheBody) {
  TestServer s = upload_server();
  for (const auto& [type, target, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"text/plain", "/api/censuses/uploads?name=a.csv", "Content-Type"},
           {"multipart/form-data; boundary=x", "/api/censuses/uploads", "Content-Type"},
           {"text/csv", "/api/censuses/uploads?name=census.xlsx", "name"},
           {"application/vnd.apache.parquet", "/api/censuses/uploads?name=a.csv",
            "Content-Type"}}) {
    const std::string answer =
        send_and_read(s, upload_head(s, type, "Content-Length: 5\r\n", target) + "a,b\n1");
    EXPECT_EQ(status_of(answer), 415) << type << " " << target << answer.substr(0, 300);
    EXPECT_EQ(json_of(answer)["field"], field) << type << " " << target;
  }
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, RefusesParquetContentSentAsCsvAndCsvSentAsParquet) {
  TestServer s = upload_server();
  const std::string parquet = "PAR1xxxxPAR1";
  EXPECT_EQ(
      status_of(send_and_read(s, upload_head(s, "text/csv", "Content-Length: 12\r\n") + parquet)),
      415);
  EXPECT_EQ(status_of(send_and_read(
                s, upload_head(s, "application/octet-stream", "Content-Length: 12\r\n",
                               "/api/censuses/uploads?name=x.parquet") +
                       "a,b,c\n1,2,3\n")),
            415);
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, RefusesAnEmptyBody) {
  TestServer s = upload_server();
  const std::string answer = send_and_read(s, upload_head(s, "text/csv", "Content-Length: 0\r\n"));
  EXPECT_EQ(status_of(answer), 400) << answer.substr(0, 400);
  EXPECT_EQ(json_of(answer)["field"], "body");
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, CutsOffAnUploadSlowerThanTheMinimumRate) {
  TestServer s = upload_server([](ServerOptions& o) {
    o.body_timeout = 800ms;
    o.upload_min_bytes_per_second = 100'000;
  });
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.send(upload_head(s, "text/csv", "Content-Length: 100000\r\n")));
  const auto started = std::chrono::steady_clock::now();
  // 100 bytes every 50 ms: 2 kB/s, far below the 100 kB/s the server asks for.
  const std::string rows = csv_rows(100'000);
  std::size_t sent = 0;
  while (!raw.readable(50ms) && sent < rows.size() &&
         std::chrono::steady_clock::now() - started < 10s) {
    raw.send(rows.substr(sent, 100));
    sent += 100;
  }
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 408) << answer.substr(0, 400);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 700ms);
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, ChecksWhoAsksBeforeReadingTheBody) {
  TestServer s = upload_server();
  // No credentials: 401 at once, though the body never comes.
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.send("POST /api/censuses/uploads HTTP/1.1\r\nHost: " + s.host() +
                       "\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n"));
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 401) << answer.substr(0, 400);
  EXPECT_NE(answer.find("WWW-Authenticate"), std::string::npos);
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, RefusesARoleWithoutTheEmployeeDataRight) {
  TestServer s({}, [](api::ServiceConfig& c) {
    c.users = [](std::string_view token) -> std::optional<api::Identity> {
      if (token == "exec-token-0000000000") return api::Identity{"erin", app::Role::kExecutive};
      return std::nullopt;
    };
  });
  const std::string answer =
      send_and_read(s, "POST /api/censuses/uploads HTTP/1.1\r\nHost: " + s.host() +
                           "\r\nAuthorization: Bearer exec-token-0000000000\r\nContent-Type: "
                           "text/csv\r\nContent-Length: 4\r\n\r\na,b\n");
  EXPECT_EQ(status_of(answer), 403) << answer.substr(0, 400);
  EXPECT_EQ(json_of(answer)["field"], "role");
  EXPECT_TRUE(upload_files(s).empty());
}

TEST(CensusUpload, KeepsTheHeadLimitsAndTheOriginRule) {
  TestServer s = upload_server();
  const std::string big = "X-Big: " + std::string(9000, 'a') + "\r\n";
  EXPECT_EQ(status_of(send_and_read(
                s, upload_head(s, "text/csv", big + "Content-Length: 4\r\n") + "a,b\n")),
            431);
  EXPECT_EQ(
      status_of(send_and_read(
          s, upload_head(s, "text/csv", "Origin: http://evil.example\r\nContent-Length: 4\r\n") +
                 "a,b\n")),
      403);
  EXPECT_EQ(
      status_of(send_and_read(
          s, upload_head(s, "text/csv", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") +
                 "a,b\n")),
      400);
  EXPECT_TRUE(upload_files(s).empty());
}

}  // namespace
}  // namespace planwise::server
