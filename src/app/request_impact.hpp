// The impact of a change request (issue 11 item 1), simulated for real: the
// published levers and the proposed ones run on the same census with the
// same seed (common random numbers), so every difference is the request's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "engine/levers.hpp"
#include "levers/lever_store.hpp"
#include "store/governance_tables.hpp"
#include "store/scenario_tables.hpp"

namespace planwise::app {

struct RequestImpact {
  std::vector<store::RequestYearRow> years;
  double cost_impact = 0.0;  // Σ years (proposed - published) total payroll (prorated)
  // Employees whose year-end pay, level or status differs in any year, or
  // who exist in one simulation only (a hire slot filled in one of them).
  std::int64_t employees_affected = 0;
  std::optional<double> growth_change;    // mean avg-pay growth, proposed - published
  std::optional<double> budget_variance;  // Σ caps (proposed planned - cap); null: no caps
  double simulate_ms = 0.0;
};

// `caps` are the scenario's budget caps (pools as in docs/model.md §6.8:
// merit, cola, promotion, total of the four pools, payroll).
Result<RequestImpact> simulate_request_impact(const LoadedInputs& inputs,
                                              const engine::ResolvedLevers& published,
                                              const engine::ResolvedLevers& proposed,
                                              const std::vector<store::BudgetCap>& caps);

// The published levers' fingerprint: SHA-256 over every effective value and
// lock of the scenario across the lever years. A request simulated against
// another fingerprint is stale.
Result<std::string> published_digest(levers::LeverStore& store, const std::string& scenario);

}  // namespace planwise::app
