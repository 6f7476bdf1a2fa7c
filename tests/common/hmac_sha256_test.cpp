// HMAC-SHA256 against the RFC 4231 test vectors.
#include "common/hmac_sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace planwise {
namespace {

TEST(HmacSha256, MatchesTheRfc4231Vectors) {
  // Test case 1: a 20-byte key.
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: a key shorter than the output.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block, hashed first.
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, DifferentKeysGiveDifferentMacs) {
  EXPECT_NE(hmac_sha256_hex(std::string(32, 'a'), "entry"),
            hmac_sha256_hex(std::string(32, 'b'), "entry"));
}

}  // namespace
}  // namespace planwise
