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

// Rows per block of a fused pass. A block's draws live in a per-thread
// buffer, and its rows' columns stay in the core's 1 MiB L2 cache while the
// pass's steps read them one after another. Issue 13: 4,096 rows instead of
// 256 made the 1,000,000 × 10 aggregates 15 to 20 ms faster; each step
// streams each column for longer before the next step starts.
inline constexpr std::size_t kDrawBlock = 4096;

// out[k] = uniform(state[k], year, stream, salts) for k < n.
void uniforms(const std::uint64_t* state, std::size_t n, int year, std::uint16_t stream,
              const StreamSalts& salts, double* out);

// out[k] = draw_state(run, id[k]): the per-member state of §3.2 from id keys.
void draw_states(std::uint64_t run, const std::uint64_t* id, std::size_t n, std::uint64_t* out);

}  // namespace planwise::engine
