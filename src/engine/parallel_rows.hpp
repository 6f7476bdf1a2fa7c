// How many rows a loop needs before it is split over the cores. Below it,
// starting OpenMP's threads costs more than the loop (the bundled census,
// 4,378 people, runs on one thread); above it, each core's share is large
// enough to pay for the fork and join. One number for the engine's loops and
// the store's parallel file writes (issue 13), so that they change together.
// An int, as the literal was: the loops compare it with signed and unsigned
// counts alike.
#pragma once

namespace planwise::engine {

inline constexpr int kParallelRows = 50000;

}  // namespace planwise::engine
