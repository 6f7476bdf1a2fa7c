#include "app/workbook_sheets.hpp"

#include "engine/output_schema.hpp"
#include "engine/simulate.hpp"
#include "store/schema.hpp"

namespace planwise::app {

namespace {

// Rates and growths of the output tables are fractions (spec §5.0); these
// are shown as percent. Probabilities, weights and draws stay numbers.
const std::set<std::string>& fraction_columns() {
  static const std::set<std::string> kNames = {
      "headcount_growth",  "avg_comp_growth", "growth_current",
      "growth_continuous", "tuning_metric",   "growth",
      "target_growth",     "tolerance",       "deviation_from_target",
      "gap_to_target",     "new_hire_ratio",  "composition_effect",
      "merit_rate",        "cola_rate",       "promotion_raise_rate"};
  return kNames;
}

// Integers that name a year, a level or a position: no thousands separator.
bool is_key_column(const std::string& name) {
  return name.find("year") != std::string::npos || name.find("level") != std::string::npos ||
         name == "item" || name == "evaluation" || name == "iteration" || name == "source_row";
}

io::CellKind kind_of_type(const std::string& type) {
  if (type == "BIGINT" || type == "INTEGER" || type == "HUGEINT" || type == "SMALLINT" ||
      type == "TINYINT" || type == "UBIGINT" || type == "UINTEGER")
    return io::CellKind::kInteger;
  if (type == "DOUBLE" || type == "FLOAT" || type.rfind("DECIMAL", 0) == 0)
    return io::CellKind::kNumber;
  if (type == "DATE") return io::CellKind::kDate;
  if (type.rfind("TIMESTAMP", 0) == 0) return io::CellKind::kDateTime;
  if (type == "BOOLEAN") return io::CellKind::kBool;
  return io::CellKind::kText;
}

}  // namespace

ColumnKinds output_table_kinds(const std::string& table) {
  std::vector<const engine::TableDef*> tables = store::plain_tables();
  tables.push_back(&engine::kYearlyEventsTable);
  tables.push_back(&engine::kSnapshotTable);
  ColumnKinds kinds;
  for (const engine::TableDef* t : tables) {
    if (t->name != table) continue;
    for (const engine::ColumnDef& c : t->columns) {
      const std::string name(c.name);
      if (c.type == engine::ColumnType::kMoney) kinds.money.insert(name);
      if (fraction_columns().count(name)) kinds.percent.insert(name);
    }
  }
  return kinds;
}

Result<io::XlsxSheet> sheet_from_result(const std::string& name, const store::TextResult& result,
                                        const ColumnKinds& kinds) {
  io::XlsxSheet sheet;
  sheet.name = name;
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < result.columns.size(); ++c) {
    const std::string& column = result.columns[c];
    if (kinds.dropped.count(column)) continue;
    io::CellKind kind = kind_of_type(c < result.types.size() ? result.types[c] : "VARCHAR");
    if (kind == io::CellKind::kNumber || kind == io::CellKind::kInteger) {
      if (kinds.money.count(column)) kind = io::CellKind::kMoney;
      if (kinds.percent.count(column)) kind = io::CellKind::kPercent;
      if (kind == io::CellKind::kInteger && is_key_column(column)) kind = io::CellKind::kKey;
    }
    sheet.columns.push_back({column, kind});
    kept.push_back(c);
  }
  sheet.rows.reserve(result.rows.size());
  for (std::size_t r = 0; r < result.rows.size(); ++r) {
    std::vector<io::XlsxCell> row;
    row.reserve(kept.size());
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const auto& text = result.rows[r][kept[k]];
      auto cell = io::cell_from_text(sheet.columns[k].kind, text);
      if (!cell) {
        Error e = Error::invalid_input("sheet " + name, static_cast<std::int64_t>(r + 2),
                                       sheet.columns[k].name, "cell_type", text.value_or(""),
                                       "a stored value does not read as its column's type");
        e.kind = ErrorKind::kInternal;
        return e;
      }
      row.push_back(std::move(*cell));
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

io::XlsxCell time_cell(const std::string& iso) {
  if (auto cell = io::date_time_cell(iso)) return *cell;
  return io::text_cell(iso);
}

io::XlsxSheet provenance_sheet(std::vector<ProvenanceField> fields,
                               const std::string& exported_at) {
  fields.push_back({"exported_at", time_cell(exported_at)});
  fields.push_back({"exported_by", io::text_cell(engine::kEngineVersion)});
  return field_sheet("Provenance", std::move(fields));
}

io::XlsxSheet field_sheet(std::string name, std::vector<ProvenanceField> fields) {
  io::XlsxSheet sheet;
  sheet.name = std::move(name);
  sheet.columns = {{"field", io::CellKind::kText}, {"value", io::CellKind::kText}};
  for (ProvenanceField& f : fields)
    sheet.rows.push_back({io::text_cell(std::move(f.field)), std::move(f.value)});
  return sheet;
}

Status write_workbook_file(const io::XlsxWorkbook& workbook, const std::filesystem::path& path) {
  return io::write_xlsx(workbook, path);
}

Result<std::string> workbook_bytes(const io::XlsxWorkbook& workbook) {
  return io::xlsx_bytes(workbook);
}

}  // namespace planwise::app
