// Spec §5.5 validation_report rows: one per (year, check) and per warning.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace planwise::engine {

enum class CheckStatus : unsigned char { kPass, kWarn, kFail };
const char* check_status_name(CheckStatus status);

struct ValidationItem {
  int year = 0;  // 0: a load-time item (simulation_year is null)
  std::string check_id;
  CheckStatus status = CheckStatus::kPass;
  std::optional<double> value;
  std::optional<double> threshold;
  std::string message;
};

using ValidationItems = std::vector<ValidationItem>;

inline ValidationItem warning(int year, std::string check_id, std::string message,
                              std::optional<double> value = std::nullopt,
                              std::optional<double> threshold = std::nullopt) {
  return ValidationItem{year,  std::move(check_id), CheckStatus::kWarn,
                        value, threshold,           std::move(message)};
}

}  // namespace planwise::engine
