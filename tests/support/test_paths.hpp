// Paths and temporary folders for tests. Tests read the repository's data/
// and tests/data/, never ../shared.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace planwise::test {

std::filesystem::path source_dir();
std::filesystem::path data_dir();       // <repo>/data, the bundled inputs
std::filesystem::path test_data_dir();  // <repo>/tests/data
std::filesystem::path cli_path();       // build/bin/planwise
// For run_command's shell line: the CLI binary and a path, single-quoted.
std::string cli();
std::string q(const std::filesystem::path& path);
bool contains(const std::string& text, const std::string& part);

// A fresh folder removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
// Copies data/seeds to `dir`/seeds and data/simulation_config.yaml to `dir`,
// so a test can edit one input and keep the rest bundled.
void copy_bundled_inputs(const std::filesystem::path& dir);

// Runs a command; returns its exit status and captured stdout and stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run_command(const std::string& command_line);

// A child process whose stderr the test reads line by line (progress
// lines tell the test when the child has reached a given point).
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Reads stderr until a line contains `text`; false at end of output.
  bool wait_for_line(const std::string& text);
  void kill_now();
  void interrupt();  // SIGINT, as Ctrl-C sends
  void terminate();  // SIGTERM, as a service manager sends
  // Waits for the exit; returns the status as waitpid gives it.
  int wait();
  const std::string& stderr_seen() const { return seen_; }

 private:
  int pid_ = -1;
  std::FILE* err_ = nullptr;
  std::string seen_;
  bool waited_ = false;
  int status_ = 0;
};

}  // namespace planwise::test
