// Spec §1.7: the seed tables in seeds.dir, validated.
#pragma once

#include <array>
#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "engine/seed_tables.hpp"

namespace planwise::io {

// The ten files of a seeds folder that read_seed_tables reads (spec §1.7),
// for those that hash or copy the folder.
inline constexpr std::array<const char*, 10> kSeedFileNames = {
    "config_job_levels.csv",
    "config_termination_hazard_base.csv",
    "config_termination_hazard_age_multipliers.csv",
    "config_termination_hazard_tenure_multipliers.csv",
    "config_promotion_hazard_age_multipliers.csv",
    "config_promotion_hazard_tenure_multipliers.csv",
    "config_raise_timing_distribution.csv",
    "config_timing_validation_rules.csv",
    "config_cola_by_year.csv",
    "config_raises_hazard.csv",
};

// `timing_profile` is raise_timing.distribution_profile.
Result<engine::SeedTables> read_seed_tables(const std::filesystem::path& seeds_dir,
                                            const std::string& timing_profile);

}  // namespace planwise::io
