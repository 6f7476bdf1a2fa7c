#include "governance/risk.hpp"

#include <cmath>
#include <limits>

#include "common/number_text.hpp"

namespace planwise::governance {

namespace {

std::string percent(double fraction) {
  if (std::isinf(fraction)) return "from zero";
  return shortest_text(std::round(fraction * 10000.0) / 100.0) + " %";
}

int cost_points(double cost) {
  if (cost > 5'000'000.0) return 3;
  if (cost > 1'000'000.0) return 2;
  if (cost > 100'000.0) return 1;
  return 0;
}

int employee_points(std::int64_t n) {
  if (n > 1000) return 2;
  if (n > 100) return 1;
  return 0;
}

int change_points(double relative) {
  if (relative > 0.20) return 2;
  if (relative > 0.10) return 1;
  return 0;
}

}  // namespace

std::string risk_level_name(RiskLevel level) {
  switch (level) {
    case RiskLevel::kLow:
      return "LOW";
    case RiskLevel::kMedium:
      return "MEDIUM";
    case RiskLevel::kHigh:
      return "HIGH";
  }
  return "LOW";
}

std::optional<RiskLevel> parse_risk_level(std::string_view text) {
  for (RiskLevel l : {RiskLevel::kLow, RiskLevel::kMedium, RiskLevel::kHigh}) {
    if (risk_level_name(l) == text) return l;
  }
  return std::nullopt;
}

bool is_sensitive_parameter(std::string_view parameter) {
  return parameter == "merit_base" || parameter == "promotion_probability" ||
         parameter == "promotion_raise";
}

double relative_change(double old_value, double new_value) {
  if (new_value == old_value) return 0.0;
  if (old_value == 0.0) return std::numeric_limits<double>::infinity();
  return std::fabs(new_value - old_value) / std::fabs(old_value);
}

RiskAssessment assess_risk(const RiskInputs& in) {
  RiskAssessment out;
  const double cost = std::fabs(in.cost_impact);
  const int cp = cost_points(cost);
  out.factors.push_back({"cost",
                         "cost impact " + dollars_text(cost) +
                             (cp == 3   ? " above $5,000,000"
                              : cp == 2 ? " above $1,000,000"
                              : cp == 1 ? " above $100,000"
                                        : " at most $100,000"),
                         cp});
  const int ep = employee_points(in.employees_affected);
  out.factors.push_back({"employees",
                         std::to_string(in.employees_affected) + " employees affected" +
                             (ep == 2   ? " (above 1,000)"
                              : ep == 1 ? " (above 100)"
                                        : " (at most 100)"),
                         ep});
  for (const ParameterChange& p : in.parameters) {
    if (!is_sensitive_parameter(p.parameter)) continue;
    const int pp = change_points(p.max_relative_change);
    out.factors.push_back({p.parameter,
                           "largest relative change " + percent(p.max_relative_change) +
                               (pp == 2   ? " (above 20 %)"
                                : pp == 1 ? " (above 10 %)"
                                          : " (at most 10 %)"),
                           pp});
  }
  for (const RiskFactor& f : out.factors) out.score += f.points;
  out.level = out.score >= 6   ? RiskLevel::kHigh
              : out.score >= 3 ? RiskLevel::kMedium
                               : RiskLevel::kLow;
  return out;
}

RiskLevel cost_impact_class(double cost_impact) {
  const double cost = std::fabs(cost_impact);
  if (cost > 1'000'000.0) return RiskLevel::kHigh;
  if (cost > 100'000.0) return RiskLevel::kMedium;
  return RiskLevel::kLow;
}

}  // namespace planwise::governance
