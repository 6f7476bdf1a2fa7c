#include "io/lever_csv_writer.hpp"

#include "io/csv_table_writer.hpp"

namespace planwise::io {

namespace {
using engine::ColumnType;
constexpr engine::ColumnDef kLeverColumns[] = {
    {"scenario_id", ColumnType::kText},    {"fiscal_year", ColumnType::kInt},
    {"job_level", ColumnType::kInt},       {"event_type", ColumnType::kText},
    {"parameter_name", ColumnType::kText}, {"parameter_value", ColumnType::kDouble},
    {"is_locked", ColumnType::kInt},       {"created_at", ColumnType::kText},
    {"created_by", ColumnType::kText},
};
constexpr engine::TableDef kLeverTable{"comp_levers", kLeverColumns};
}  // namespace

Status write_lever_csv(const std::filesystem::path& path,
                       const std::vector<engine::LeverRow>& rows) {
  auto opened = CsvTableWriter::open(path, kLeverTable);
  if (!opened) return std::move(opened).error();
  CsvTableWriter& w = **opened;
  for (const engine::LeverRow& r : rows) {
    w.text(r.scenario_id);
    w.integer(r.fiscal_year);
    w.integer(r.job_level);
    w.text(r.event_type.empty() ? engine::lever_info(r.param).event_type
                                : std::string_view(r.event_type));
    w.text(engine::lever_info(r.param).name);
    w.real(r.value);
    if (r.is_locked)
      w.integer(*r.is_locked ? 1 : 0);
    else
      w.null();
    w.text(r.created_at);
    w.text(r.created_by);
    w.end_row();
  }
  return w.close();
}

}  // namespace planwise::io
