// Spec §2.1 and §2.3: comp_levers.csv read and validated.
#pragma once

#include <filesystem>
#include <vector>

#include "common/result.hpp"
#include "common/text_table.hpp"
#include "engine/levers.hpp"
#include "engine/validation_item.hpp"

namespace planwise::io {

struct LeverFile {
  std::vector<engine::LeverRow> rows;
  engine::ValidationItems warnings;  // unknown parameter names
};

// `level_count` is L from config_job_levels.
Result<LeverFile> parse_lever_table(const TextTable& table, int level_count);
Result<LeverFile> read_lever_csv(const std::filesystem::path& path, int level_count);

}  // namespace planwise::io
