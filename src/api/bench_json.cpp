#include "api/bench_json.hpp"

#include <nlohmann/json.hpp>

namespace planwise::api {

using json = nlohmann::json;

std::string bench_json(const app::BenchReport& report, int indent) {
  const app::BenchMachine& m = report.machine;
  json cases = json::array();
  for (const app::BenchMeasurement& c : report.cases) {
    cases.push_back({
        {"name", c.name},
        {"employees", c.employees},
        {"years", c.years},
        {"mode", c.mode},
        {"employee_years", c.employee_years},
        {"events", c.events},
        {"hires", c.hires},
        {"load_ms", c.load_ms},
        {"median_ms", c.median_ms},
        {"min_ms", c.min_ms},
        {"employee_years_per_s", c.employee_years_per_s},
        {"employee_years_per_core_s", c.employee_years_per_core_s},
        {"cores_busy", c.cores_busy},
        {"frame_mib", c.frame_mb},
        {"hot_bytes_per_employee_year", c.hot_bytes_per_employee_year},
        {"draws_per_employee_year", c.draws_per_employee_year},
        {"bandwidth_fraction", c.bandwidth_fraction},
        {"compute_fraction", c.compute_fraction},
        {"peak_rss_mib", c.peak_rss_mb},
        {"peak_rss_scope", c.rss_per_case ? "case" : "process"},
    });
  }
  json body = {
      {"machine",
       {{"hardware_threads", m.hardware_threads},
        {"engine_threads", m.engine_threads},
        {"llc_bytes", m.llc_bytes},
        {"triad_array_bytes", m.triad_array_bytes},
        {"bandwidth_bytes_per_s", m.bandwidth_bytes_per_s},
        {"draws_per_s", m.draws_per_s},
        {"draws_per_s_per_core", m.draws_per_s_per_core}}},
      {"cases", cases},
  };
  return body.dump(indent);
}

}  // namespace planwise::api
