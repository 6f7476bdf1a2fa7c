// Issue 13 item 2: the counter-based uniforms of spec §3.2 for many members
// at once. The loop is plain C++ that the compiler vectorises; on a CPU with
// AVX-512 (x86-64-v4) or AVX2 (x86-64-v3) a clone built for it is chosen at
// load time. The results are bit-identical to uniform(): the mixing is exact
// integer arithmetic in any lane width, and (bits >> 11 | 1) × 2^-53 is an
// exact conversion and an exact scaling by a power of two.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/draws.hpp"

namespace planwise::engine {

// Rows per block of a fused pass: the block's draws live in a small stack
// array that stays in L1 while the row functions read them.
inline constexpr std::size_t kDrawBlock = 256;

// out[k] = uniform(state[k], year, stream, salts) for k < n.
void uniforms(const std::uint64_t* state, std::size_t n, int year, std::uint16_t stream,
              const StreamSalts& salts, double* out);

// out[k] = draw_state(run, id[k]): the per-member state of §3.2 from id keys.
void draw_states(std::uint64_t run, const std::uint64_t* id, std::size_t n, std::uint64_t* out);

}  // namespace planwise::engine
