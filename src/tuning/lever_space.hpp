// The decision variables of tuning (issue 4): which levers an algorithm
// moves, between which bounds, and how a vector of values becomes the
// resolved levers the engine runs. Locked cells are never moved: a variable
// sets only the unlocked cells it covers, and a variable with none is left
// out of the search.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"

namespace planwise::tuning {

// Lever groups an analyst names (--levers cola,merit,new_hire,...).
enum class LeverGroup { kCola, kMerit, kNewHire, kPromotionProbability, kPromotionRaise };
Result<LeverGroup> parse_lever_group(const std::string& name);
std::string lever_group_name(LeverGroup group);

// (year, level, parameter) of a locked cell.
using LockedCells = std::set<std::tuple<int, int, engine::LeverParam>>;

struct LeverVariable {
  std::string name;  // cola, merit_L1, new_hire, promotion_probability_L2, promotion_raise
  LeverGroup group;  // the group it belongs to (the name without its level)
  engine::LeverParam param;
  std::vector<int> levels;  // the levels it sets, every year of the run
  double lower = 0.0;
  double upper = 0.0;
  double start = 0.0;  // mean of its unlocked cells before tuning
};

// Bounds to use instead of the lever store's hard ranges, by variable name.
struct BoundOverride {
  std::string variable;
  double lower;
  double upper;
};

class LeverSpace {
 public:
  // `bounds` are the hard ranges of the lever catalogue unless overridden.
  static Result<LeverSpace> build(const engine::ResolvedLevers& base, const LockedCells& locked,
                                  const std::vector<LeverGroup>& groups,
                                  const std::vector<BoundOverride>& overrides);

  std::size_t size() const { return variables_.size(); }
  const std::vector<LeverVariable>& variables() const { return variables_; }
  // The variables' names in order: the columns of a search's x vectors.
  std::vector<std::string> names() const;
  const std::vector<std::string>& locked_out() const {
    return locked_out_;
  }  // variables every cell of which is locked
  std::vector<double> start() const;
  std::vector<double> lower() const;
  std::vector<double> upper() const;
  std::vector<double> clamp(std::vector<double> x) const;
  // The nearest point the search may evaluate: within the bounds and, when
  // merit is kept descending, merit_L1 >= merit_L2 >= ... (issue 10 item 7).
  std::vector<double> project(std::vector<double> x) const;
  // The same for a lever set moved cell by cell (the S045 loop): every
  // unlocked cell of a variable within its bounds and, when merit is kept
  // descending, each year's merit non-increasing by level, locked cells held.
  engine::ResolvedLevers project_levers(engine::ResolvedLevers levers) const;
  // Guard rails narrow a variable's range (never widen it). An empty range
  // is an input error naming `flag`, with `why` as the explanation.
  Status narrow(const std::string& variable, double lower, double upper, const std::string& flag,
                const std::string& why);
  void keep_merit_descending() { merit_descending_ = true; }
  bool merit_descending() const { return merit_descending_; }
  // The guard rails put on this space, to put on a wider space built from
  // it too (the reachability check's suggested levers).
  using Limits = std::function<Status(LeverSpace&)>;
  void set_limits(Limits limits) { limits_ = std::move(limits); }
  Status limit(LeverSpace& other) const { return limits_ ? limits_(other) : Status::success(); }
  bool limited() const { return static_cast<bool>(limits_); }
  // The base levers with every unlocked cell of each variable set to x[i].
  engine::ResolvedLevers apply(const std::vector<double>& x) const;
  // The variables' values in a lever set: the mean of their unlocked cells.
  std::vector<double> measure(const engine::ResolvedLevers& levers) const;
  bool is_locked(int year, int level, engine::LeverParam param) const;
  const engine::ResolvedLevers& base() const { return base_; }
  const LockedCells& locked() const { return locked_; }

 private:
  engine::ResolvedLevers base_;
  LockedCells locked_;
  std::vector<LeverVariable> variables_;
  std::vector<std::string> locked_out_;
  bool merit_descending_ = false;
  Limits limits_;
};

// The nearest non-increasing sequence to `values` (pool adjacent violators),
// each value then within [lower[i], upper[i]].
std::vector<double> descending_within(const std::vector<double>& values,
                                      const std::vector<double>& lower,
                                      const std::vector<double>& upper);

}  // namespace planwise::tuning
