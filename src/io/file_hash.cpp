#include "io/file_hash.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

namespace planwise::io {

namespace {

struct DigestDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

Digest new_digest() {
  Digest ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  return ctx;
}

std::string hex_of(EVP_MD_CTX* ctx) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, out, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

}  // namespace

Result<std::string> sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the file for hashing");
  Digest ctx = new_digest();
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return hex_of(ctx.get());
}

std::string sha256_text(std::string_view text) {
  Digest ctx = new_digest();
  EVP_DigestUpdate(ctx.get(), text.data(), text.size());
  return hex_of(ctx.get());
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
