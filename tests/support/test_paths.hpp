// Paths and temporary folders for tests. Tests read the repository's data/
// and tests/data/, never ../shared.
#pragma once

#include <filesystem>
#include <string>

namespace planwise::test {

std::filesystem::path source_dir();
std::filesystem::path data_dir();        // <repo>/data, the bundled inputs
std::filesystem::path test_data_dir();   // <repo>/tests/data
std::filesystem::path cli_path();        // build/bin/planwise

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

}  // namespace planwise::test
