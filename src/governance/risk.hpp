// Risk classification of a change request (issue 11 item 3, tuning.md
// §6.3). Score = cost component (|cost| above $5 M: 3, above $1 M: 2, above
// $100 K: 1) + employees affected (above 1,000: 2, above 100: 1) + for each
// sensitive parameter its relative change (above 20 %: 2, above 10 %: 1).
// Level: score >= 6 HIGH, >= 3 MEDIUM, else LOW. The cost impact class of a
// change: above $1 M HIGH, above $100 K MEDIUM, else LOW. Every boundary is
// strict ("above"): exactly $1,000,000 is MEDIUM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::governance {

enum class RiskLevel { kLow, kMedium, kHigh };
std::string risk_level_name(RiskLevel level);  // LOW, MEDIUM, HIGH
std::optional<RiskLevel> parse_risk_level(std::string_view text);

// The sensitive parameters of §6.3 among the levers: merit and promotion
// (probability and raise). Termination rates are not levers here, so they
// never appear in a request.
bool is_sensitive_parameter(std::string_view parameter);

// |new - old| / |old|; a change from 0 to anything else counts as +inf
// (above every threshold), no change as 0.
double relative_change(double old_value, double new_value);

struct ParameterChange {
  std::string parameter;
  double max_relative_change = 0.0;  // over the request's cells of this parameter
};

struct RiskInputs {
  double cost_impact = 0.0;  // dollars, either sign: the size counts
  std::int64_t employees_affected = 0;
  std::vector<ParameterChange> parameters;  // every parameter the request changes
};

// One component of the score, for the approver: what it measured and the
// points it gave (zero-point factors are listed too).
struct RiskFactor {
  std::string factor;  // "cost", "employees", or the parameter name
  std::string detail;  // "cost impact $1,250,000 above $1,000,000"
  int points = 0;
};

struct RiskAssessment {
  int score = 0;
  RiskLevel level = RiskLevel::kLow;
  std::vector<RiskFactor> factors;
};

RiskAssessment assess_risk(const RiskInputs& inputs);
RiskLevel cost_impact_class(double cost_impact);

}  // namespace planwise::governance
