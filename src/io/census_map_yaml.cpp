// Issue 14 item 1: the census mapping file through yaml-cpp (the second
// yaml-cpp translation unit after config_reader.cpp; io/ owns yaml-cpp).
#include "io/census_map_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include "common/number_text.hpp"

namespace planwise::io {

namespace {

class MapParser {
 public:
  explicit MapParser(std::string file) : file_(std::move(file)) {}

  Result<CensusMap> parse(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return Error::invalid_input(file_, e.mark.line + 1, "", "yaml_syntax", "", e.msg);
    }
    if (!root.IsMap()) {
      return Error::invalid_input(file_, 0, "", "yaml_map", "",
                                  "expected a mapping file of keys (docs/data.md)");
    }
    for (const auto& kv : root) top_level(kv.first.Scalar(), kv.second);
    if (!errors_.empty()) return errors_.take();
    return std::move(map_);
  }

 private:
  void fail(const YAML::Node& node, const std::string& key, const char* rule, std::string message) {
    const std::int64_t line = node.IsDefined() ? node.Mark().line + 1 : 0;
    const std::string value = node.IsDefined() && node.IsScalar() ? node.Scalar() : "";
    errors_.add(Error::invalid_input(file_, line, key, rule, value, std::move(message)));
  }
  void unknown(const YAML::Node& key_node, const std::string& key, const std::string& allowed) {
    fail(key_node, key, "unknown_key", "unknown key '" + key + "'; expected one of: " + allowed);
  }

  bool scalar(const YAML::Node& node, const std::string& key) {
    if (node.IsScalar()) return true;
    fail(node, key, "scalar", "expected a single value");
    return false;
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) {
    std::vector<std::string> out;
    if (!node.IsSequence()) {
      fail(node, key, "list", "expected a list, e.g. [Active, Leave]");
      return out;
    }
    for (const auto& item : node) {
      if (scalar(item, key)) out.push_back(item.Scalar());
    }
    return out;
  }

  void top_level(const std::string& key, const YAML::Node& value) {
    if (key == "version") {
      if (scalar(value, key) && value.Scalar() != std::to_string(kCensusMapVersion))
        fail(value, key, "version", "this PlanWise reads census maps of version 1");
    } else if (key == "columns") {
      columns(value);
    } else if (key == "pay_basis") {
      if (!scalar(value, key)) return;
      if (auto b = pay_basis_from_name(value.Scalar())) {
        map_.pay_basis = *b;
      } else {
        fail(value, key, "enum", "expected annual, hourly or per_row");
      }
    } else if (key == "standard_hours_default") {
      if (!scalar(value, key)) return;
      const auto h = parse_double(value.Scalar());
      if (!h || *h <= 0 || *h > 168) {
        fail(value, key, "hours_range", "expected weekly hours above 0 and at most 168");
        return;
      }
      map_.default_standard_hours = *h;
    } else if (key == "status_active_values") {
      map_.active_values = strings(value, key);
    } else if (key == "status_terminated_values") {
      map_.terminated_values = strings(value, key);
    } else if (key == "exclude") {
      exclusions(value);
    } else {
      unknown(value, key,
              "version, columns, pay_basis, standard_hours_default, status_active_values, "
              "status_terminated_values, exclude");
    }
  }

  void columns(const YAML::Node& node) {
    if (!node.IsMap()) {
      fail(node, "columns", "section_map", "expected our fields as keys, e.g. 'employee_id: ID'");
      return;
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const auto field = census_field_from_key(key);
      if (!field) {
        std::string allowed;
        for (std::size_t f = 0; f < kCensusFieldCount; ++f)
          allowed += std::string(allowed.empty() ? "" : ", ") +
                     std::string(census_field_key(static_cast<CensusField>(f)));
        unknown(kv.first, "columns." + key, allowed);
        continue;
      }
      column(*field, "columns." + key, kv.second);
    }
  }

  void column(CensusField field, const std::string& key, const YAML::Node& node) {
    ColumnMapping& m = map_.field(field);
    m.matched_by = MatchedBy::kMapFile;
    if (node.IsScalar()) {
      m.column = node.Scalar();
      return;
    }
    if (!node.IsMap()) {
      fail(node, key, "column", "expected a column name or {column: ..., date_format: ...}");
      return;
    }
    for (const auto& kv : node) {
      const std::string sub = kv.first.Scalar();
      if (sub == "column") {
        if (scalar(kv.second, key + ".column")) m.column = kv.second.Scalar();
      } else if (sub == "date_format" && census_field_is_date(field)) {
        if (!scalar(kv.second, key + ".date_format")) continue;
        if (auto f = date_format_from_name(kv.second.Scalar())) {
          m.date_format = *f;
        } else {
          fail(kv.second, key + ".date_format", "date_format",
               "expected YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYYMMDD, Mon D, YYYY "
               "or D-Mon-YYYY");
        }
      } else {
        unknown(kv.first, key + "." + sub,
                census_field_is_date(field) ? "column, date_format" : "column");
      }
    }
    if (m.column.empty()) fail(node, key + ".column", "column", "a column name is required");
  }

  void exclusions(const YAML::Node& node) {
    if (!node.IsSequence()) {
      fail(node, "exclude", "list", "expected a list of {column, values, reason}");
      return;
    }
    for (const auto& item : node) {
      if (!item.IsMap()) {
        fail(item, "exclude", "exclusion", "expected {column: ..., values: [...], reason: ...}");
        continue;
      }
      ExclusionRule rule;
      for (const auto& kv : item) {
        const std::string sub = kv.first.Scalar();
        if (sub == "column") {
          if (scalar(kv.second, "exclude.column")) rule.column = kv.second.Scalar();
        } else if (sub == "values") {
          rule.values = strings(kv.second, "exclude.values");
        } else if (sub == "reason") {
          if (scalar(kv.second, "exclude.reason")) rule.reason = kv.second.Scalar();
        } else {
          unknown(kv.first, "exclude." + sub, "column, values, reason");
        }
      }
      if (rule.column.empty() || rule.values.empty()) {
        fail(item, "exclude", "exclusion", "an exclusion rule needs a column and values");
        continue;
      }
      map_.exclude.push_back(std::move(rule));
    }
  }

  std::string file_;
  ErrorCollector errors_;
  CensusMap map_;
};

}  // namespace

Result<CensusMap> parse_census_map_yaml(const std::string& text, const std::string& file) {
  return MapParser(file).parse(text);
}

std::string census_map_yaml(const CensusMap& map) {
  YAML::Emitter out;
  out << YAML::Comment("PlanWise census map: file columns -> census fields (docs/data.md)");
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << kCensusMapVersion;
  out << YAML::Key << "columns" << YAML::Value << YAML::BeginMap;
  for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
    const ColumnMapping& m = map.fields[f];
    if (!m.mapped()) continue;
    out << YAML::Key << std::string(census_field_key(static_cast<CensusField>(f))) << YAML::Value;
    if (m.date_format) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "column" << YAML::Value << m.column
          << YAML::Key << "date_format" << YAML::Value
          << std::string(date_format_name(*m.date_format)) << YAML::EndMap;
    } else {
      out << m.column;
    }
  }
  out << YAML::EndMap;
  out << YAML::Key << "pay_basis" << YAML::Value << std::string(pay_basis_name(map.pay_basis));
  if (map.default_standard_hours) {
    out << YAML::Key << "standard_hours_default" << YAML::Value
        << shortest_text(*map.default_standard_hours);
  }
  auto list = [&](const char* key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    out << YAML::Key << key << YAML::Value << YAML::Flow << values;
  };
  list("status_active_values", map.active_values);
  list("status_terminated_values", map.terminated_values);
  if (!map.exclude.empty()) {
    out << YAML::Key << "exclude" << YAML::Value << YAML::BeginSeq;
    for (const ExclusionRule& rule : map.exclude) {
      out << YAML::BeginMap << YAML::Key << "column" << YAML::Value << rule.column;
      out << YAML::Key << "values" << YAML::Value << YAML::Flow << rule.values;
      if (!rule.reason.empty()) out << YAML::Key << "reason" << YAML::Value << rule.reason;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace planwise::io
