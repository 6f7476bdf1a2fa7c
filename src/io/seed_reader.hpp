// Spec §1.7: the seed tables in seeds.dir, validated.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "engine/seed_tables.hpp"

namespace planwise::io {

// `timing_profile` is raise_timing.distribution_profile.
Result<engine::SeedTables> read_seed_tables(const std::filesystem::path& seeds_dir,
                                            const std::string& timing_profile);

}  // namespace planwise::io
