// The one request whose body is not held in memory (issue 14 item 1):
// POST /api/censuses/uploads streams a census file to disk under its own
// size limit (serve --max-upload-mb). The caller is authenticated and its
// rights checked from the head, before a byte of the body is read; the
// type is checked from the Content-Type and file name, then from the bytes
// as they arrive, so a wrong file is refused (415) without reading it all.
// Past the limit (413), on a bad type, a timeout or a dropped connection
// the partial file is deleted: nothing is kept.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/http_types.hpp"
#include "server/request_reader.hpp"

namespace planwise::api {
class Service;
}

namespace planwise::server {

// The answer to send (the connection closes after it), or nothing when the
// client went away or the server is stopping.
std::optional<api::Response> receive_upload(int fd, std::string& buffer, const RequestHead& head,
                                            const std::string& client, const ReadLimits& limits,
                                            std::uint64_t min_bytes_per_second,
                                            const std::function<bool()>& stopping,
                                            api::Service& service);

}  // namespace planwise::server
