#include "api/serve_discovery.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace planwise::api {

namespace {

using nlohmann::json;

// The file is ours, so its server was our process: a pid we may not signal
// (EPERM) now belongs to another user, and the credential must not go to
// whatever listens on that port now.
bool process_runs(int pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

}  // namespace

std::filesystem::path discovery_path(const std::string& db_path) {
  return std::filesystem::path(db_path + ".serve.json");
}

Status write_discovery(const std::string& db_path, const ServeDiscovery& d) {
  const std::filesystem::path path = discovery_path(db_path);
  const std::string tmp = path.string() + ".tmp" + std::to_string(::getpid());
  const std::string text = json{{"pid", d.pid},
                                {"host", d.host},
                                {"port", d.port},
                                {"credential", d.credential},
                                {"db", d.db_path}}
                               .dump(2) +
                           "\n";
  ::unlink(tmp.c_str());
  // O_EXCL with mode 0600: the credential is never in a file others can
  // open, not even between creation and a later chmod.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::make(ErrorKind::kStorage,
                       "cannot write the discovery file " + tmp + ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error::make(ErrorKind::kStorage, "cannot write the discovery file " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Error::make(ErrorKind::kStorage, "cannot write the discovery file " + path.string() +
                                                ": " + std::strerror(errno));
  }
  return Status::success();
}

void remove_discovery(const std::string& db_path, int pid) {
  const auto found = read_discovery(db_path);
  if (found && found->pid == pid) ::unlink(discovery_path(db_path).c_str());
}

std::optional<ServeDiscovery> read_discovery(const std::string& db_path) {
  const std::filesystem::path path = discovery_path(db_path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  // Another user's file, or one others may read, is not trusted: its
  // credential could be someone else's, or already known to others.
  if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) return std::nullopt;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const json j = json::parse(text.str(), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    ServeDiscovery d;
    d.pid = j.at("pid").get<int>();
    d.host = j.at("host").get<std::string>();
    d.port = j.at("port").get<int>();
    d.credential = j.at("credential").get<std::string>();
    d.db_path = j.value("db", "");
    if (!process_runs(d.pid) || d.port <= 0 || d.credential.empty()) return std::nullopt;
    return d;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace planwise::api
