// What the libFuzzer targets share (issue 15 item 3): the bundled data, a
// private scratch folder, and the checks that turn a broken promise into an
// abort libFuzzer records as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace planwise::fuzz {

// data/ of the source tree (the bundled census, configuration and seeds).
const std::filesystem::path& data_dir();

// A folder of this process's own under $TMPDIR, removed at exit: targets
// that read through files write their input here.
const std::filesystem::path& scratch_dir();

// Writes `bytes` to scratch_dir()/name and returns the path.
std::filesystem::path write_scratch(const std::string& name, std::string_view bytes);

// Prints what broke (and the error, if any) and aborts.
[[noreturn]] void broken(const std::string& what, const Error* error = nullptr);

// Spec §0.4 for census input: a refusal is an input error about `file`,
// every error of it with a rule and, unless the rule is about the whole
// file or a whole record, a row and a column. Aborts otherwise.
void expect_census_refusal(const Error& error, const std::string& file);

// A refusal of any other input file: an input error that names the file
// (or, from the engine's checks, the configuration key).
void expect_input_refusal(const Error& error);

// The input as text.
inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace planwise::fuzz
