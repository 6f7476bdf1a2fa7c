#include "engine/draw_batch.hpp"

namespace planwise::engine {

namespace {

// Only integer mixing and the exact conversion live in the cloned functions:
// no floating-point sum or product that a wider instruction set could fuse
// into an FMA and round differently.
// Not under the sanitizers either: their runtimes are not yet set up when the
// loader runs an ifunc resolver, and ThreadSanitizer's crashes there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PLANWISE_DRAW_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PLANWISE_DRAW_CLONES
#endif

PLANWISE_DRAW_CLONES
void uniform_lanes(const std::uint64_t* __restrict state, std::size_t n,
                   std::uint64_t salted_counter, std::uint64_t salt, double* __restrict out) {
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint64_t bits = mix64(state[k] + salt + salted_counter);
    out[k] = static_cast<double>(static_cast<std::int64_t>((bits >> 11) | 1ULL)) * 0x1.0p-53;
  }
}

PLANWISE_DRAW_CLONES
void state_lanes(std::uint64_t run, const std::uint64_t* __restrict id, std::size_t n,
                 std::uint64_t* __restrict out) {
  for (std::size_t k = 0; k < n; ++k) out[k] = mix64(run ^ id[k]);
}

}  // namespace

void uniforms(const std::uint64_t* state, std::size_t n, int year, std::uint16_t stream,
              const StreamSalts& salts, double* out) {
  // draw64_from_state adds kGamma × counter to the (salted) state; unsigned
  // addition wraps, so the sum can be regrouped without changing a bit.
  const std::uint64_t counter = (static_cast<std::uint64_t>(year) << 16) | stream;
  uniform_lanes(state, n, kGamma * counter, salts[stream], out);
}

void draw_states(std::uint64_t run, const std::uint64_t* id, std::size_t n, std::uint64_t* out) {
  state_lanes(run, id, n, out);
}

}  // namespace planwise::engine
