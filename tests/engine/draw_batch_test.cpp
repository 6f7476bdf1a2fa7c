// Issue 13 item 2: the batched draws equal the scalar draws of spec §3.2 bit
// for bit, for every stream, salted or not, at every batch length (the
// vector loop's remainder included).
#include "engine/draw_batch.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace planwise::engine {
namespace {

std::vector<std::uint64_t> some_states(std::size_t n) {
  std::vector<std::uint64_t> s(n);
  for (std::size_t k = 0; k < n; ++k) s[k] = draw_state(run_key(42), mix64(k * 7919 + 3));
  s[0] = 0;
  s[1] = ~0ULL;  // the extremes of the state space
  return s;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(DrawBatch, UniformsEqualScalarDrawsForEveryStreamAndLength) {
  const std::vector<std::uint64_t> states = some_states(1031);
  StreamSalts salted;
  for (std::size_t s = 0; s < StreamSalts::kSlots; ++s) salted.by_stream[s] = mix64(s + 99);
  for (const StreamSalts& salts : {StreamSalts{}, salted}) {
    for (std::uint16_t stream = 1; stream <= 12; ++stream) {
      for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8},
                            std::size_t{9}, std::size_t{256}, states.size()}) {
        std::vector<double> out(n + 1, -1.0);
        uniforms(states.data(), n, 2031, stream, salts, out.data());
        for (std::size_t k = 0; k < n; ++k) {
          ASSERT_TRUE(same_bits(out[k], uniform(states[k], 2031, stream, salts)))
              << "stream " << stream << " row " << k << " of " << n;
        }
        EXPECT_EQ(out[n], -1.0) << "wrote past n = " << n;
      }
    }
  }
}

TEST(DrawBatch, UniformsMatchTheSpecVector) {
  // §3.5: U(42, "EMP_000001", 2025, 1) = 0.21787778989875173.
  const std::uint64_t state = draw_state(run_key(42), id_key("EMP_000001"));
  double u = 0.0;
  uniforms(&state, 1, 2025, 1, StreamSalts{}, &u);
  EXPECT_EQ(u, 0.21787778989875173);
}

TEST(DrawBatch, DrawStatesEqualScalarStates) {
  std::vector<std::uint64_t> ids = some_states(517);
  std::vector<std::uint64_t> out(ids.size());
  draw_states(run_key(7), ids.data(), ids.size(), out.data());
  for (std::size_t k = 0; k < ids.size(); ++k) ASSERT_EQ(out[k], draw_state(run_key(7), ids[k]));
}

}  // namespace
}  // namespace planwise::engine
