// SHA-256 of input files and texts, for run provenance (spec §5.5
// run_manifest; the runs table's config, census and lever hashes).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace planwise::io {

Result<std::string> sha256_file(const std::filesystem::path& path);
std::string sha256_text(std::string_view text);
// Hash over several files: the SHA-256 of "name sha\n" lines, in the given
// order (used for the seed folder).
Result<std::string> sha256_files(const std::vector<std::filesystem::path>& paths);

}  // namespace planwise::io
