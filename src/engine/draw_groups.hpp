// Issue 12 item 4: the draw groups of the spec §3.3 streams, and the salts
// that re-seed one group's draws while every other group keeps the run's.
#pragma once

#include "engine/config.hpp"
#include "engine/draws.hpp"
#include "engine/model_types.hpp"

namespace planwise::engine {

// The group a stream belongs to (the list in config.hpp).
DrawGroup draw_group_of(Stream stream);

// The salt of each stream for a run: 0 where the stream's group has no seed
// of its own or has the run's seed (a plain run is unchanged bit for bit),
// otherwise a nonzero value derived from the group's seed alone, the same
// for every stream of the group (their stream ids keep their draws apart).
StreamSalts stream_salts(const EngineConfig& config);

}  // namespace planwise::engine
