// Spec §2.3 validation: numeric and finite values inside the §2.1 range,
// event_type matching the parameter, levels 1..L, no duplicate keys, and one
// COLA value per (scenario, year).
#include "io/lever_csv_reader.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "common/number_text.hpp"
#include "io/csv_reader.hpp"

namespace planwise::io {

namespace {
bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}
std::optional<bool> parse_lock(std::string_view text) {
  if (text == "1" || text == "true" || text == "TRUE" || text == "True") return true;
  if (text == "0" || text == "false" || text == "FALSE" || text == "False") return false;
  return std::nullopt;
}
}  // namespace

Result<LeverFile> parse_lever_table(const TextTable& t, int level_count) {
  const char* names[] = {"scenario_id", "fiscal_year",    "job_level",
                         "event_type",  "parameter_name", "parameter_value"};
  std::size_t col[6];
  ErrorCollector errors;
  for (int c = 0; c < 6; ++c) {
    auto found = require_column(t, names[c]);
    if (!found) {
      errors.add(std::move(found).error());
      continue;
    }
    col[c] = *found;
  }
  if (!errors.empty()) return errors.take();
  const auto locked_col = t.column("is_locked");
  const auto created_at_col = t.column("created_at");
  const auto created_by_col = t.column("created_by");

  LeverFile out;
  std::map<std::tuple<std::string, int, int, int>, std::int64_t> seen;
  std::map<std::string, bool> warned_unknown;
  auto fail = [&](std::size_t r, std::size_t c, const char* rule, std::string message) {
    errors.add(Error::invalid_input(t.file, t.source_row(r), t.header[c], rule,
                                    std::string(t.cell(r, c)), std::move(message)));
  };
  for (std::size_t r = 0; r < t.rows() && !errors.full(); ++r) {
    engine::LeverRow row;
    row.line = t.source_row(r);
    row.scenario_id = std::string(t.cell(r, col[0]));
    if (row.scenario_id.empty()) fail(r, col[0], "non_empty", "scenario_id must not be empty");
    const auto year = parse_int(t.cell(r, col[1]));
    if (!year || *year < 1900 || *year > 2200)
      fail(r, col[1], "year", "expected a year from 1900 to 2200");
    const auto level = parse_int(t.cell(r, col[2]));
    if (!level || *level < 1 || *level > level_count) {
      fail(r, col[2], "level_range",
           "expected a job level from 1 to " + std::to_string(level_count));
    }
    const std::string name(t.cell(r, col[4]));
    const engine::LeverParamInfo* info = engine::find_lever(name);
    if (info == nullptr) {
      if (!warned_unknown[name]) {
        out.warnings.push_back(engine::warning(0, "lever_unknown_parameter",
                                               t.file + ":" + std::to_string(row.line) +
                                                   ": unknown parameter_name '" + name +
                                                   "' is ignored"));
        warned_unknown[name] = true;
      }
      continue;
    }
    row.param = info->param;
    row.event_type = std::string(t.cell(r, col[3]));
    if (!equal_ignoring_case(row.event_type, info->event_type)) {
      fail(r, col[3], "event_type",
           "parameter " + name + " belongs to event_type " + std::string(info->event_type));
    }
    const auto value = parse_double(t.cell(r, col[5]));
    if (!value) {
      fail(r, col[5], "number_format", "expected a finite number");
    } else if (*value < info->min_value || *value > info->max_value) {
      fail(r, col[5], "lever_range",
           name + " must be from " + shortest_text(info->min_value) + " to " +
               shortest_text(info->max_value));
    }
    if (locked_col) {
      const std::string_view lock = t.cell(r, *locked_col);
      if (!lock.empty()) {
        row.is_locked = parse_lock(lock);
        if (!row.is_locked) fail(r, *locked_col, "bool_format", "expected 0, 1, true or false");
      }
    }
    if (created_at_col) row.created_at = std::string(t.cell(r, *created_at_col));
    if (created_by_col) row.created_by = std::string(t.cell(r, *created_by_col));
    if (!year || !level || !value) continue;
    row.fiscal_year = static_cast<int>(*year);
    row.job_level = static_cast<int>(*level);
    row.value = *value;
    const auto key = std::make_tuple(row.scenario_id, row.fiscal_year, row.job_level,
                                     static_cast<int>(row.param));
    if (auto [it, fresh] = seen.emplace(key, row.line); !fresh) {
      fail(r, col[4], "lever_unique",
           "duplicate of line " + std::to_string(it->second) +
               " for the same scenario, year, level and parameter");
    }
    out.rows.push_back(std::move(row));
  }
  if (!errors.empty()) return errors.take();

  // COLA agreement (§2.3): one value per (scenario, year), compared exactly.
  std::map<std::pair<std::string, int>, std::vector<const engine::LeverRow*>> cola;
  for (const engine::LeverRow& row : out.rows) {
    if (row.param == engine::LeverParam::kColaRate)
      cola[{row.scenario_id, row.fiscal_year}].push_back(&row);
  }
  for (const auto& [key, group] : cola) {
    const double first = group.front()->value;
    const bool agree = std::all_of(group.begin(), group.end(),
                                   [first](const auto* row) { return row->value == first; });
    if (agree) continue;
    std::string listing;
    for (const engine::LeverRow* row : group) {
      listing += "\n  line " + std::to_string(row->line) + ", " + row->scenario_id + ", " +
                 std::to_string(row->fiscal_year) + ", " + std::to_string(row->job_level) + ", " +
                 shortest_text(row->value);
    }
    errors.add(Error::invalid_input(
        t.file, group.front()->line, "parameter_value", "cola_agreement", "",
        "cola_rate differs between levels for scenario " + key.first + ", year " +
            std::to_string(key.second) + " (COLA is one value per year):" + listing));
  }
  if (!errors.empty()) return errors.take();
  return out;
}

Result<LeverFile> read_lever_csv(const std::filesystem::path& path, int level_count) {
  auto table = read_csv_file(path);
  if (!table) return std::move(table).error();
  return parse_lever_table(*table, level_count);
}

}  // namespace planwise::io
