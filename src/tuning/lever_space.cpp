#include "tuning/lever_space.hpp"

#include <algorithm>

#include "common/number_text.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::tuning {

namespace {

using engine::LeverParam;

struct GroupInfo {
  LeverGroup group;
  const char* name;
  LeverParam param;
  bool per_level;  // one variable per level, or one for all levels
};
constexpr GroupInfo kGroups[] = {
    {LeverGroup::kCola, "cola", LeverParam::kColaRate, false},
    {LeverGroup::kMerit, "merit", LeverParam::kMeritBase, true},
    {LeverGroup::kNewHire, "new_hire", LeverParam::kNewHireSalaryAdjustment, false},
    {LeverGroup::kPromotionProbability, "promotion_probability", LeverParam::kPromotionProbability,
     true},
    {LeverGroup::kPromotionRaise, "promotion_raise", LeverParam::kPromotionRaise, false},
};

const GroupInfo& info(LeverGroup g) {
  for (const GroupInfo& i : kGroups) {
    if (i.group == g) return i;
  }
  return kGroups[0];
}

}  // namespace

Result<LeverGroup> parse_lever_group(const std::string& name) {
  for (const GroupInfo& i : kGroups) {
    if (name == i.name) return i.group;
  }
  if (name == "promotion") return LeverGroup::kPromotionProbability;
  return Error::invalid_input(
      "command line", 0, "--levers", "lever_group", name,
      "expected cola, merit, new_hire, promotion_probability or promotion_raise");
}

std::string lever_group_name(LeverGroup group) {
  return info(group).name;
}

Result<LeverSpace> LeverSpace::build(const engine::ResolvedLevers& base, const LockedCells& locked,
                                     const std::vector<LeverGroup>& groups,
                                     const std::vector<BoundOverride>& overrides) {
  LeverSpace space;
  space.base_ = base;
  space.locked_ = locked;
  const int levels = base.level_count();
  for (LeverGroup g : groups) {
    const GroupInfo& gi = info(g);
    const levers::LeverSpec& spec = levers::spec_of(gi.param);
    std::vector<std::vector<int>> sets;
    if (gi.per_level) {
      // The top level is never promoted, so its promotion probability moves nothing.
      const int last = gi.param == LeverParam::kPromotionProbability ? levels - 1 : levels;
      for (int l = 1; l <= last; ++l) sets.push_back({l});
    } else {
      std::vector<int> all;
      for (int l = 1; l <= levels; ++l) all.push_back(l);
      sets.push_back(all);
    }
    for (const std::vector<int>& set : sets) {
      LeverVariable v;
      v.name = std::string(gi.name) + (gi.per_level ? "_L" + std::to_string(set.front()) : "");
      v.group = g;
      v.param = gi.param;
      v.levels = set;
      v.lower = spec.hard_min;
      v.upper = spec.hard_max;
      double sum = 0.0;
      int unlocked = 0;
      for (int year = base.start_year(); year <= base.end_year(); ++year) {
        for (int level : set) {
          if (space.is_locked(year, level, gi.param)) continue;
          sum += base.value(gi.param, year, level);
          ++unlocked;
        }
      }
      if (unlocked == 0) {
        space.locked_out_.push_back(v.name);
        continue;
      }
      v.start = sum / unlocked;
      space.variables_.push_back(v);
    }
  }
  for (const BoundOverride& o : overrides) {
    auto it = std::find_if(space.variables_.begin(), space.variables_.end(),
                           [&](const LeverVariable& v) { return v.name == o.variable; });
    if (it == space.variables_.end()) {
      return Error::invalid_input("command line", 0, "--bounds", "bound_variable", o.variable,
                                  "no lever variable of that name is being tuned");
    }
    const levers::LeverSpec& spec = levers::spec_of(it->param);
    if (o.lower > o.upper || o.lower < spec.hard_min || o.upper > spec.hard_max) {
      return Error::invalid_input("command line", 0, "--bounds", "bound_range", o.variable,
                                  "bounds must be ordered and within the lever's hard range");
    }
    it->lower = o.lower;
    it->upper = o.upper;
  }
  if (space.variables_.empty()) {
    return Error::make(
        ErrorKind::kConflict,
        "every cell of the chosen levers is locked; nothing can be tuned (unlock cells first)");
  }
  return space;
}

bool LeverSpace::is_locked(int year, int level, LeverParam param) const {
  if (locked_.count({year, level, param})) return true;
  // COLA is one value per year: a locked level holds the whole year.
  if (param == LeverParam::kColaRate) {
    for (int l = 1; l <= base_.level_count(); ++l) {
      if (locked_.count({year, l, param})) return true;
    }
  }
  return false;
}

std::vector<double> LeverSpace::start() const {
  std::vector<double> x;
  for (const LeverVariable& v : variables_) x.push_back(v.start);
  return project(x);
}
std::vector<double> LeverSpace::lower() const {
  std::vector<double> x;
  for (const LeverVariable& v : variables_) x.push_back(v.lower);
  return x;
}
std::vector<double> LeverSpace::upper() const {
  std::vector<double> x;
  for (const LeverVariable& v : variables_) x.push_back(v.upper);
  return x;
}
std::vector<double> LeverSpace::clamp(std::vector<double> x) const {
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = std::clamp(x[i], variables_[i].lower, variables_[i].upper);
  return x;
}

std::vector<double> descending_within(const std::vector<double>& values,
                                      const std::vector<double>& lower,
                                      const std::vector<double>& upper) {
  struct Block {
    double sum;
    int n;
    double mean() const { return sum / n; }
  };
  std::vector<Block> blocks;
  for (double v : values) {
    blocks.push_back({v, 1});
    while (blocks.size() >= 2 && blocks[blocks.size() - 2].mean() < blocks.back().mean()) {
      blocks[blocks.size() - 2].sum += blocks.back().sum;
      blocks[blocks.size() - 2].n += blocks.back().n;
      blocks.pop_back();
    }
  }
  std::vector<double> out;
  for (const Block& b : blocks) out.insert(out.end(), static_cast<std::size_t>(b.n), b.mean());
  // With equal bounds clamping keeps the order; bounds that differ (locked
  // neighbours) may break it, which the second pass mends from the top.
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = std::clamp(out[i], lower[i], upper[i]);
    if (i > 0) out[i] = std::max(lower[i], std::min(out[i], out[i - 1]));
  }
  return out;
}

std::vector<double> LeverSpace::project(std::vector<double> x) const {
  x = clamp(std::move(x));
  if (!merit_descending_) return x;
  std::vector<std::size_t> merit;  // variables are built level by level
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    if (variables_[i].param == LeverParam::kMeritBase) merit.push_back(i);
  }
  std::vector<double> values, lo, hi;
  for (std::size_t i : merit) {
    values.push_back(x[i]);
    lo.push_back(variables_[i].lower);
    hi.push_back(variables_[i].upper);
  }
  const std::vector<double> ordered = descending_within(values, lo, hi);
  for (std::size_t k = 0; k < merit.size(); ++k) x[merit[k]] = ordered[k];
  return x;
}

engine::ResolvedLevers LeverSpace::project_levers(engine::ResolvedLevers levers) const {
  const int levels = levers.level_count();
  std::vector<const LeverVariable*> merit_of_level(static_cast<std::size_t>(levels) + 1, nullptr);
  for (const LeverVariable& v : variables_) {
    for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
      for (int level : v.levels) {
        if (is_locked(year, level, v.param)) continue;
        engine::ResolvedLever& cell = levers.at(v.param, year, level);
        const double within = std::clamp(cell.value, v.lower, v.upper);
        if (within == cell.value) continue;
        cell.value = within;
        cell.source = engine::ParamSource::kScenario;
      }
    }
    if (v.param == LeverParam::kMeritBase && v.levels.front() <= levels)
      merit_of_level[static_cast<std::size_t>(v.levels.front())] = &v;
  }
  if (!merit_descending_) return levers;
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    auto fixed = [&](int level) {
      return merit_of_level[static_cast<std::size_t>(level)] == nullptr ||
             is_locked(year, level, LeverParam::kMeritBase);
    };
    std::vector<int> free;
    std::vector<double> values, lo, hi;
    for (int level = 1; level <= levels; ++level) {
      if (fixed(level)) continue;
      const LeverVariable& v = *merit_of_level[static_cast<std::size_t>(level)];
      double low = v.lower, high = v.upper;
      // A held cell above (a lower level) caps this one; one below floors it.
      for (int other = 1; other <= levels; ++other) {
        if (!fixed(other)) continue;
        const double held = levers.value(LeverParam::kMeritBase, year, other);
        if (other < level) high = std::min(high, held);
        if (other > level) low = std::max(low, held);
      }
      free.push_back(level);
      values.push_back(levers.value(LeverParam::kMeritBase, year, level));
      lo.push_back(low);
      hi.push_back(std::max(low, high));
    }
    const std::vector<double> ordered = descending_within(values, lo, hi);
    for (std::size_t k = 0; k < free.size(); ++k) {
      engine::ResolvedLever& cell = levers.at(LeverParam::kMeritBase, year, free[k]);
      if (cell.value == ordered[k]) continue;
      cell.value = ordered[k];
      cell.source = engine::ParamSource::kScenario;
    }
  }
  return levers;
}

Status LeverSpace::narrow(const std::string& variable, double lower, double upper,
                          const std::string& flag, const std::string& why) {
  for (LeverVariable& v : variables_) {
    if (v.name != variable) continue;
    const double lo = std::max(v.lower, lower), hi = std::min(v.upper, upper);
    if (lo > hi) {
      return Error::invalid_input("command line", 0, flag, "guard_rail", variable,
                                  why + ": " + variable + " would have to lie in [" +
                                      shortest_text(lo) + ", " + shortest_text(hi) + "]");
    }
    v.lower = lo;
    v.upper = hi;
  }
  return Status::success();
}

engine::ResolvedLevers LeverSpace::apply(const std::vector<double>& x) const {
  engine::ResolvedLevers out = base_;
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    const LeverVariable& v = variables_[i];
    for (int year = base_.start_year(); year <= base_.end_year(); ++year) {
      for (int level : v.levels) {
        if (is_locked(year, level, v.param)) continue;
        engine::ResolvedLever& cell = out.at(v.param, year, level);
        cell.value = x[i];
        cell.source = engine::ParamSource::kScenario;
      }
    }
  }
  return out;
}

std::vector<double> LeverSpace::measure(const engine::ResolvedLevers& levers) const {
  std::vector<double> x;
  for (const LeverVariable& v : variables_) {
    double sum = 0.0;
    int n = 0;
    for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
      for (int level : v.levels) {
        if (is_locked(year, level, v.param)) continue;
        sum += levers.value(v.param, year, level);
        ++n;
      }
    }
    x.push_back(n > 0 ? sum / n : v.start);
  }
  return x;
}

std::vector<std::string> LeverSpace::names() const {
  std::vector<std::string> out;
  for (const LeverVariable& v : variables_) out.push_back(v.name);
  return out;
}

}  // namespace planwise::tuning
