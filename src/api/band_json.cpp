#include "api/band_json.hpp"

#include <cmath>

namespace planwise::api {

nlohmann::json finite_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json band_json(const ensemble::Band& b) {
  return {{"n", b.n},
          {"mean", finite_or_null(b.mean)},
          {"sd", finite_or_null(b.sd)},
          {"se", finite_or_null(b.se)},
          {"min", finite_or_null(b.min)},
          {"p10", finite_or_null(b.p10)},
          {"p25", finite_or_null(b.p25)},
          {"p50", finite_or_null(b.p50)},
          {"p75", finite_or_null(b.p75)},
          {"p90", finite_or_null(b.p90)},
          {"max", finite_or_null(b.max)}};
}

}  // namespace planwise::api
