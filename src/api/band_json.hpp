// Internal to api/: the one JSON form of a statistic and of an ensemble
// band (api/ensemble_json.hpp documents it), shared by the ensemble, sweep,
// stored-ensemble and optimization bodies.
#pragma once

#include <nlohmann/json.hpp>

#include "ensemble/statistics.hpp"

namespace planwise::api {

// A statistic as JSON: NaN (no values, or NULL in the store) and infinities
// are null.
nlohmann::json finite_or_null(double v);

// {"n", "mean", "sd", "se", "min", "p10", "p25", "p50", "p75", "p90", "max"}.
nlohmann::json band_json(const ensemble::Band& b);

}  // namespace planwise::api
