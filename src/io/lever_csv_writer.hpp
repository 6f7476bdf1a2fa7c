// Writes lever rows in the original comp_levers.csv format (spec §2.1), so
// that files analysts bring can be written back.
#pragma once

#include <filesystem>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"

namespace planwise::io {

Status write_lever_csv(const std::filesystem::path& path,
                       const std::vector<engine::LeverRow>& rows);

}  // namespace planwise::io
