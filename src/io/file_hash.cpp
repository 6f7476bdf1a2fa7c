#include "io/file_hash.hpp"

#include <fstream>
#include <vector>

#include "common/sha256.hpp"

namespace planwise::io {

Result<std::string> sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the file for hashing");
  Sha256 hash;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return hash.hex_digest();
}

std::string sha256_text(std::string_view text) {
  return sha256_hex(text);
}

Result<std::string> sha256_files(const std::vector<std::filesystem::path>& paths) {
  std::string lines;
  for (const auto& p : paths) {
    auto h = sha256_file(p);
    if (!h) return std::move(h).error();
    lines += p.filename().string() + " " + *h + "\n";
  }
  return sha256_text(lines);
}

}  // namespace planwise::io
