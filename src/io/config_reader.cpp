// Spec §1.6: YAML configuration reader (the only yaml-cpp translation unit).
// Every value is range-checked; decimals marked exact are parsed from their
// text (§0.2); keys the engine does not use produce warnings.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/number_text.hpp"
#include "io/run_config.hpp"

namespace planwise::io {

namespace {

using engine::ValidationItem;

class ConfigParser {
 public:
  ConfigParser(const YAML::Node& root, std::string file, RunConfig& out)
      : root_(root), file_(std::move(file)), out_(out) {}

  void fail(const YAML::Node& node, const std::string& key, const char* rule, std::string message) {
    const std::int64_t line = node.IsDefined() ? node.Mark().line + 1 : 0;
    std::string value = node.IsDefined() && node.IsScalar() ? node.Scalar() : "";
    errors_.add(Error::invalid_input(file_, line, key, rule, std::move(value), std::move(message)));
  }
  void warn(const std::string& id, std::string message) {
    out_.warnings.push_back(engine::warning(0, id, std::move(message)));
  }

  YAML::Node get(const std::string& section, const std::string& key) {
    const YAML::Node s = root_[section];
    if (!s.IsDefined() || s.IsNull() || !s.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    return s[key];
  }
  // A section that is present must be a map of keys (check_keys reports it).
  void require_map_sections() {
    for (const auto& section : root_) {
      if (!section.second.IsMap() && !section.second.IsNull()) {
        fail(section.second, section.first.Scalar(), "section_map",
             "expected a section of keys (for example 'start_year: 2025'), found a single value or "
             "a list");
      }
    }
  }
  bool scalar(const YAML::Node& node, const std::string& key) {
    if (!node.IsDefined() || node.IsNull()) return false;
    if (!node.IsScalar()) {
      fail(node, key, "scalar", "expected a single value");
      return false;
    }
    return true;
  }

  void integer(const std::string& section, const std::string& key, int lo, int hi, int& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    const auto v = parse_int(node.Scalar());
    if (!v || *v < lo || *v > hi) {
      fail(node, path, "integer_range",
           "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return;
    }
    target = static_cast<int>(*v);
  }
  void real(const std::string& section, const std::string& key, double lo, double hi,
            double& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    const auto v = parse_double(node.Scalar());
    if (!v || *v < lo || *v > hi) {
      fail(node, path, "number_range",
           "expected a number from " + shortest_text(lo) + " to " + shortest_text(hi));
      return;
    }
    target = *v;
  }
  void exact(const std::string& section, const std::string& key, std::int64_t lo_units,
             std::int64_t hi_units, bool hi_open, ExactDecimal& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    std::string why;
    const auto v = ExactDecimal::parse(node.Scalar(), &why);
    if (!v) {
      fail(node, path, "exact_decimal", "expected an exact decimal: " + why);
      return;
    }
    const bool above = hi_open ? v->units() >= hi_units : v->units() > hi_units;
    if (v->units() < lo_units || above) {
      fail(node, path, "rate_range",
           "expected a value from " + ExactDecimal::from_units(lo_units).to_string() +
               (hi_open ? " to below " : " to ") + ExactDecimal::from_units(hi_units).to_string());
      return;
    }
    target = *v;
  }
  template <class Enum>
  void choice(const std::string& section, const std::string& key,
              std::initializer_list<std::pair<const char*, Enum>> options, Enum& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    std::string allowed;
    for (const auto& [name, value] : options) {
      if (node.Scalar() == name) {
        target = value;
        return;
      }
      allowed += std::string(allowed.empty() ? "" : ", ") + name;
    }
    fail(node, path, "enum", "expected one of: " + allowed);
  }
  void text(const std::string& section, const std::string& key, std::string& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    if (node.Scalar().empty()) {
      fail(node, path, "non_empty", "must not be empty");
      return;
    }
    target = node.Scalar();
  }
  void date(const std::string& section, const std::string& key, DayNumber& target) {
    const YAML::Node node = get(section, key);
    const std::string path = section + "." + key;
    if (!scalar(node, path)) return;
    if (auto d = parse_date(node.Scalar())) {
      target = *d;
    } else {
      fail(node, path, "date_format", "expected a date as YYYY-MM-DD");
    }
  }
  void path(const std::string& section, const std::string& key, std::filesystem::path& target) {
    std::string value;
    text(section, key, value);
    if (!value.empty()) target = resolve(value);
  }
  std::filesystem::path resolve(const std::string& value) const {
    std::filesystem::path p(value);
    if (p.is_relative()) p = out_.config_file.parent_path() / p;
    return p;
  }

  void parse();
  ErrorCollector& errors() { return errors_; }

 private:
  void parse_seed();
  void parse_hiring();
  void parse_output();
  void check_keys();
  void check_ops();

  const YAML::Node& root_;
  std::string file_;
  RunConfig& out_;
  ErrorCollector errors_;
};

void ConfigParser::parse_seed() {
  const YAML::Node node = get("simulation", "random_seed");
  if (!scalar(node, "simulation.random_seed")) return;
  const std::string& s = node.Scalar();
  std::uint64_t value = 0;
  bool ok = !s.empty() && s.size() <= 20;
  for (char c : s) {
    if (c < '0' || c > '9') ok = false;
  }
  if (ok) {
    for (char c : s) {
      const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
      if (value > (UINT64_MAX - digit) / 10) ok = false;
      value = value * 10 + digit;
    }
  }
  if (!ok) {
    fail(node, "simulation.random_seed", "seed_range", "expected a whole number from 0 to 2^64-1");
    return;
  }
  out_.engine.random_seed = value;
}

void ConfigParser::parse_hiring() {
  engine::EngineConfig& e = out_.engine;
  const YAML::Node mix = get("hiring", "level_mix");
  if (mix.IsDefined() && !mix.IsNull()) {
    if (mix.IsScalar() && mix.Scalar() == "recent_hires") {
      e.level_mix.clear();
    } else if (mix.IsMap()) {
      std::map<int, ExactDecimal> weights;
      Int128 sum = 0;
      for (const auto& kv : mix) {
        const auto level = parse_int(kv.first.Scalar());
        std::string why;
        const auto w =
            kv.second.IsScalar() ? ExactDecimal::parse(kv.second.Scalar(), &why) : std::nullopt;
        if (!level || *level < 1 || *level > 100 || weights.count(static_cast<int>(*level))) {
          fail(kv.first, "hiring.level_mix", "level_key",
               "expected each key to be a distinct level number");
        } else if (!w || w->units() < 0) {
          fail(kv.second, "hiring.level_mix", "weight",
               "expected an exact decimal weight >= 0 " + why);
        } else {
          weights[static_cast<int>(*level)] = *w;
          sum += w->units();
        }
      }
      int expect = 1;
      for (const auto& [level, w] : weights) {
        if (level != expect++)
          fail(mix, "hiring.level_mix", "levels_contiguous", "levels must be 1..L without gaps");
        e.level_mix.push_back(w);
      }
      if (sum <= 0)
        fail(mix, "hiring.level_mix", "weight_sum", "the weights must sum to more than 0");
      else if (sum != ExactDecimal::kScale) {
        warn("hiring_level_mix_sum",
             "hiring.level_mix weights sum to " +
                 ExactDecimal::from_units(static_cast<std::int64_t>(sum)).to_string() +
                 "; they are normalised by their sum");
      }
    } else {
      fail(mix, "hiring.level_mix", "level_mix", "expected recent_hires or a map of level: weight");
    }
  }
  choice("hiring", "salary_model",
         {{"recent_hires", engine::SalaryModel::kRecentHires},
          {"band_uniform", engine::SalaryModel::kBandUniform}},
         e.salary_model);
  integer("hiring", "reference_years", 1, 10, e.reference_years);
  integer("hiring", "min_reference_hires", 1, 1'000'000'000, e.min_reference_hires);
  const YAML::Node ages = get("hiring", "age_distribution");
  if (ages.IsDefined() && !ages.IsNull()) {
    std::vector<engine::AgeWeight> list;
    // Ages 16-80 strictly increasing: at most 65 pairs (spec §1.6).
    bool ok = ages.IsSequence() && ages.size() > 0 && ages.size() <= 65;
    double sum = 0.0;
    if (ok) {
      for (const auto& item : ages) {
        // Each item is [age, weight] or {age: A, weight: W}.
        YAML::Node a = item.IsSequence() && item.size() == 2 ? item[0] : item["age"];
        YAML::Node w = item.IsSequence() && item.size() == 2 ? item[1] : item["weight"];
        const auto age = a.IsDefined() && a.IsScalar() ? parse_int(a.Scalar()) : std::nullopt;
        const auto weight = w.IsDefined() && w.IsScalar() ? parse_double(w.Scalar()) : std::nullopt;
        if (!age || *age < 16 || *age > 80 || !weight || *weight < 0 ||
            (!list.empty() && *age <= list.back().age)) {
          fail(item, "hiring.age_distribution", "age_weight",
               "expected [age, weight] pairs with ages 16-80 strictly increasing and weights >= 0");
          ok = false;
          break;
        }
        list.push_back({static_cast<int>(*age), *weight});
        sum += *weight;
      }
    }
    if (ok && sum <= 0.0) {
      fail(ages, "hiring.age_distribution", "weight_sum", "the weights must sum to more than 0");
      ok = false;
    }
    if (!ok && errors_.empty()) {
      fail(ages, "hiring.age_distribution", "age_distribution",
           "expected a list of up to 65 [age, weight] pairs (ages 16-80)");
    }
    if (ok) e.age_distribution = list;
  }
}

void ConfigParser::parse_output() {
  path("output", "dir", out_.output_dir);
  text("output", "created_at", out_.engine.created_at);
  const YAML::Node tables = get("output", "tables");
  if (!tables.IsDefined() || tables.IsNull()) return;
  if (!tables.IsSequence()) {
    fail(tables, "output.tables", "table_list", "expected a list of table names");
    return;
  }
  out_.output_tables.clear();
  for (const auto& t : tables) {
    const std::string name = t.IsScalar() ? t.Scalar() : "";
    const bool known = std::any_of(std::begin(kOutputTables), std::end(kOutputTables),
                                   [&](const char* k) { return name == k; });
    if (!known) {
      fail(t, "output.tables", "table_name", "unknown table; expected names from spec section 5");
      continue;
    }
    out_.output_tables.push_back(name);
  }
}

void ConfigParser::check_keys() {
  static const std::map<std::string, std::set<std::string>> kKnown = {
      {"simulation",
       {"start_year", "end_year", "random_seed", "target_growth_rate", "scenario_id"}},
      {"workforce", {"total_termination_rate", "new_hire_termination_rate"}},
      {"census", {"path", "compensation_basis"}},
      {"plan_year", {"start_date", "end_date", "annualization_method"}},
      {"seeds", {"dir"}},
      {"hiring",
       {"level_mix", "salary_model", "reference_years", "min_reference_hires", "age_distribution"}},
      {"raise_timing", {"methodology", "distribution_profile", "validation_tolerance"}},
      {"compensation", {"calculation_methodology", "growth_target", "growth_tolerance"}},
      {"output", {"dir", "tables", "created_at"}},
  };
  if (!root_.IsMap()) return;
  for (const auto& section : root_) {
    const std::string name = section.first.Scalar();
    if (name == "ops") {
      warn("config_unused_key", "the section ops.* (Dagster settings) is not used by this engine");
      continue;
    }
    auto known = kKnown.find(name);
    if (known == kKnown.end()) {
      warn("config_unknown_key", "unknown configuration section '" + name + "' is ignored");
      continue;
    }
    if (!section.second.IsMap()) continue;
    for (const auto& kv : section.second) {
      const std::string key = kv.first.Scalar();
      if (known->second.count(key)) continue;
      if (name == "compensation" && (key == "cola_rate" || key == "merit_budget")) {
        warn("config_unused_key",
             "compensation." + key + " (" + (kv.second.IsScalar() ? kv.second.Scalar() : "") +
                 ") is not used: COLA and merit come only from the compensation levers");
      } else if (name == "raise_timing" && key == "deterministic_behavior") {
        warn("config_unused_key",
             "raise_timing.deterministic_behavior is not used: the engine is always deterministic");
      } else {
        warn("config_unknown_key",
             "unknown configuration key '" + name + "." + key + "' is ignored");
      }
    }
  }
}

// §1.6: ops.* is not read, but a value there that differs from the one the
// engine uses is worth a warning, since an analyst may have edited it.
void ConfigParser::check_ops() {
  const YAML::Node ops = root_["ops"];
  if (!ops.IsDefined() || !ops.IsMap()) return;
  const engine::EngineConfig& e = out_.engine;
  const std::map<std::string, std::string> used = {
      {"start_year", std::to_string(e.start_year)},
      {"end_year", std::to_string(e.end_year)},
      {"random_seed", std::to_string(e.random_seed)},
      {"target_growth_rate", e.target_growth_rate.to_string()},
      {"total_termination_rate", e.total_termination_rate.to_string()},
      {"new_hire_termination_rate", e.new_hire_termination_rate.to_string()},
  };
  for (const auto& op : ops) {
    const YAML::Node config = op.second.IsMap() ? op.second["config"] : YAML::Node();
    if (!config.IsDefined() || !config.IsMap()) continue;
    for (const auto& kv : config) {
      auto it = used.find(kv.first.Scalar());
      if (it == used.end() || !kv.second.IsScalar()) continue;
      const std::string& text = kv.second.Scalar();
      const auto exact_value = ExactDecimal::parse(text);
      const bool same =
          text == it->second || (exact_value && exact_value->to_string() == it->second);
      if (!same) {
        warn("config_ops_differs", "ops." + op.first.Scalar() + ".config." + it->first + " is " +
                                       text + " but the engine uses " + it->second);
      }
    }
  }
}

void ConfigParser::parse() {
  require_map_sections();
  engine::EngineConfig& e = out_.engine;
  integer("simulation", "start_year", 1900, 2200, e.start_year);
  integer("simulation", "end_year", 1900, 2200, e.end_year);
  if (e.end_year < e.start_year) {
    fail(get("simulation", "end_year"), "simulation.end_year", "end_not_before_start",
         "the end year " + std::to_string(e.end_year) + " is before the start year " +
             std::to_string(e.start_year));
  }
  parse_seed();
  exact("simulation", "target_growth_rate", -500'000'000, 500'000'000, false, e.target_growth_rate);
  text("simulation", "scenario_id", e.scenario_id);
  exact("workforce", "total_termination_rate", 0, ExactDecimal::kScale, false,
        e.total_termination_rate);
  exact("workforce", "new_hire_termination_rate", 0, ExactDecimal::kScale, true,
        e.new_hire_termination_rate);
  path("census", "path", out_.census_path);
  choice("census", "compensation_basis",
         {{"annual_rate", engine::CompensationBasis::kAnnualRate},
          {"plan_year_earnings", engine::CompensationBasis::kPlanYearEarnings}},
         e.compensation_basis);
  date("plan_year", "start_date", e.plan_year_start);
  date("plan_year", "end_date", e.plan_year_end);
  int annualization = 0;
  choice("plan_year", "annualization_method", {{"calendar_days", 0}}, annualization);
  // The plan year matters only for plan_year_earnings (§1.3); with annual
  // rates its dates are not read, so they are not checked either.
  const DayNumber pys = e.effective_plan_year_start(), pye = e.effective_plan_year_end();
  if (e.compensation_basis == engine::CompensationBasis::kPlanYearEarnings &&
      (pys > pye || pye > dec31(e.start_year - 1))) {
    fail(get("plan_year", "end_date"), "plan_year.end_date", "plan_year_order",
         "the plan year must satisfy start_date <= end_date <= 31 Dec of start_year - 1");
  }
  path("seeds", "dir", out_.seeds_dir);
  parse_hiring();
  choice("raise_timing", "methodology",
         {{"realistic", engine::RaiseTimingMethod::kRealistic},
          {"legacy", engine::RaiseTimingMethod::kLegacy}},
         e.raise_timing);
  text("raise_timing", "distribution_profile", e.distribution_profile);
  real("raise_timing", "validation_tolerance", 0.0, 1.0, e.validation_tolerance);
  choice("compensation", "calculation_methodology",
         {{"current", engine::GrowthMethodology::kCurrent},
          {"continuous", engine::GrowthMethodology::kContinuous},
          {"full_year_equivalent", engine::GrowthMethodology::kFullYearEquivalent}},
         e.calculation_methodology);
  real("compensation", "growth_target", -1.0, 1.0, e.growth_target);
  real("compensation", "growth_tolerance", 0.0, 1.0, e.growth_tolerance);
  parse_output();
  check_keys();
  check_ops();
}

}  // namespace

bool RunConfig::wants_table(std::string_view name) const {
  return std::find(output_tables.begin(), output_tables.end(), name) != output_tables.end();
}

RunConfig default_run_config(const std::filesystem::path& data_dir) {
  RunConfig c;
  c.census_path = data_dir / "census_preprocessed.csv";
  c.seeds_dir = data_dir / "seeds";
  c.output_dir = "output";
  c.output_tables.assign(std::begin(kOutputTables), std::end(kOutputTables));
  return c;
}

Result<RunConfig> parse_run_config(const std::string& yaml_text, const std::filesystem::path& path,
                                   const std::filesystem::path& data_dir) {
  RunConfig out = default_run_config(data_dir);
  out.config_file = path;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return Error::invalid_input(path.string(), e.mark.line + 1, "", "yaml_syntax", "", e.msg);
  }
  if (root.IsNull()) return out;  // an empty file means every default
  if (!root.IsMap()) {
    return Error::invalid_input(path.string(), 1, "", "yaml_structure", "",
                                "expected a map of sections at the top level");
  }
  ConfigParser parser(root, path.string(), out);
  try {
    parser.parse();
  } catch (const YAML::Exception& e) {
    return Error::invalid_input(path.string(), e.mark.line + 1, "", "yaml_structure", "", e.msg);
  }
  if (!parser.errors().empty()) return parser.errors().take();
  return out;
}

Result<RunConfig> read_run_config(const std::filesystem::path& path,
                                  const std::filesystem::path& data_dir) {
  std::ifstream in(path);
  if (!in)
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the configuration file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_run_config(buffer.str(), path, data_dir);
}

}  // namespace planwise::io
