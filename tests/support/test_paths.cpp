#include "support/test_paths.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace planwise::test {

namespace fs = std::filesystem;

fs::path source_dir() {
  return PLANWISE_SOURCE_DIR;
}
fs::path data_dir() {
  return source_dir() / "data";
}
fs::path test_data_dir() {
  return source_dir() / "tests" / "data";
}
fs::path cli_path() {
  return PLANWISE_CLI_PATH;
}

std::string cli() {
  return q(cli_path());
}

std::string q(const fs::path& path) {
  return "'" + path.string() + "'";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("planwise-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void copy_bundled_inputs(const fs::path& dir) {
  fs::create_directories(dir);
  fs::copy(data_dir() / "seeds", dir / "seeds",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::copy_file(data_dir() / "simulation_config.yaml", dir / "simulation_config.yaml",
                fs::copy_options::overwrite_existing);
}

CommandResult run_command(const std::string& command_line) {
  TempDir dir;
  const fs::path out = dir / "out.txt";
  const fs::path err = dir / "err.txt";
  const std::string full = command_line + " > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipe_fds[1], 2);
    close(pipe_fds[0]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  err_ = fdopen(pipe_fds[0], "r");
}

ChildProcess::~ChildProcess() {
  if (!waited_) {
    kill_now();
    wait();
  }
  if (err_ != nullptr) std::fclose(err_);
}

bool ChildProcess::wait_for_line(const std::string& text) {
  char line[1024];
  while (std::fgets(line, sizeof line, err_) != nullptr) {
    seen_ += line;
    if (std::string(line).find(text) != std::string::npos) return true;
  }
  return false;
}

void ChildProcess::kill_now() {
  if (pid_ > 0 && !waited_) ::kill(pid_, SIGKILL);
}

void ChildProcess::interrupt() {
  if (pid_ > 0 && !waited_) ::kill(pid_, SIGINT);
}

void ChildProcess::terminate() {
  if (pid_ > 0 && !waited_) ::kill(pid_, SIGTERM);
}

int ChildProcess::wait() {
  if (!waited_) {
    // Drain stderr so a child blocked on a full pipe can finish.
    char line[1024];
    while (std::fgets(line, sizeof line, err_) != nullptr) seen_ += line;
    waitpid(pid_, &status_, 0);
    waited_ = true;
  }
  return status_;
}

}  // namespace planwise::test
