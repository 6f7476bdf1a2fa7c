// Issue 14 item 1: a census upload streamed to disk under limits.
#include "server/upload_receiver.hpp"

#include "api/service.hpp"
#include "app/census_uploads.hpp"
#include "server/http_text.hpp"

namespace planwise::server {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded text: %XX and + decoded.
std::string decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

api::Request request_of(const RequestHead& head, const std::string& client) {
  api::Request r;
  r.method = head.method;
  const std::size_t question = head.target.find('?');
  r.path = head.target.substr(0, question);
  if (question != std::string::npos) {
    std::string_view query = std::string_view(head.target).substr(question + 1);
    while (!query.empty()) {
      const std::string_view pair = query.substr(0, query.find('&'));
      query.remove_prefix(std::min(query.size(), pair.size() + 1));
      const std::size_t eq = pair.find('=');
      r.query[decoded(pair.substr(0, eq))] =
          eq == std::string_view::npos ? "" : decoded(pair.substr(eq + 1));
    }
  }
  r.authorization = head.header("Authorization").value_or("");
  r.cookie = head.header("Cookie").value_or("");
  r.content_type = head.header("Content-Type").value_or("");
  r.client = client;
  return r;
}

api::Response answer(const Refusal& refusal) {
  api::Response out =
      api::Service::error(refusal.status, refusal.kind, refusal.field, refusal.detail);
  out.headers = refusal.headers;
  return out;
}

// 415 for a type the census reader does not take, 400 for an empty file.
api::Response type_refusal(const Error& e) {
  if (e.rule == "empty") return api::Service::error(400, "invalid_input", e.column, e.message);
  return api::Service::error(415, "unsupported_media_type", e.column, e.message);
}

}  // namespace

std::optional<api::Response> receive_upload(int fd, std::string& buffer, const RequestHead& head,
                                            const std::string& client, const ReadLimits& limits,
                                            std::uint64_t min_bytes_per_second,
                                            const std::function<bool()>& stopping,
                                            api::Service& service) {
  const api::Request request = request_of(head, client);
  auto admitted = service.admit_upload(request);
  if (const api::Response* refused = std::get_if<api::Response>(&admitted)) return *refused;
  const std::string owner = std::get<api::Identity>(admitted).name;
  const auto name = request.query.find("name");
  const auto declared = app::declared_upload_type(request.content_type,
                                                  name == request.query.end() ? "" : name->second);
  if (!declared) return type_refusal(declared.error());
  auto part = service.uploads().begin();
  if (!part) return api::Service::error(500, "storage", "", part.error().message);
  app::UploadTypeCheck check(*declared);
  bool written = true;
  const StreamLimits stream{service.max_upload_bytes(), min_bytes_per_second};
  auto read = stream_body(fd, buffer, head, limits, stream, stopping, [&](std::string_view piece) {
    if (!check.feed(piece)) return false;
    written = part->write(piece);
    return written;
  });
  if (const Refusal* refused = std::get_if<Refusal>(&read)) return answer(*refused);
  if (std::holds_alternative<Quiet>(read)) return std::nullopt;
  if (std::holds_alternative<SinkStopped>(read)) {
    if (!written)
      return api::Service::error(507, "storage", "", "the server could not write the upload");
    return type_refusal(check.finish().error());
  }
  const auto type = check.finish();
  if (!type) return type_refusal(type.error());
  auto file = service.uploads().complete(std::move(part).value(), *type,
                                         name == request.query.end() ? "" : name->second, owner);
  if (!file) return api::Service::error(500, "storage", "", file.error().message);
  return service.upload_received(*file);
}

}  // namespace planwise::server
