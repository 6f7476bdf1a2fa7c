// Issue 10 item 6: writing into a past or current plan year of a scenario
// that protects none of them with a lock asks for confirmation first (a
// copied scenario without locks once had its 2025 base year rewritten by an
// accepted optimization). Saving levers and accepting an optimization call
// this before they write.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "levers/lever_store.hpp"

namespace planwise::app {

// A kConflict error with rule "confirmation_required" and column "--confirm"
// (the API answers 409 {"error":"confirmation_required","field":"confirm"})
// when `years_touched` holds a year <= `current_year`, the scenario stores no
// locked cell in any year <= `current_year`, and the caller has not
// confirmed. Success otherwise.
Status check_unlocked_past(levers::LeverStore& store, const std::string& scenario,
                           const std::vector<int>& years_touched, bool confirmed, int current_year);

// The guard for a planned write, as of this calendar year: the years its
// changes touch. Saving levers, accepting an optimization and an optimization
// run that writes its result all go through here.
Status check_plan_unlocked_past(levers::LeverStore& store, const std::string& scenario,
                                const levers::LeverPlan& plan, bool confirmed);

// The calendar year now, in UTC.
int current_calendar_year();

}  // namespace planwise::app
