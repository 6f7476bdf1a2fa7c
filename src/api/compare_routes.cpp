// Compare routes (issue 10 item 2, contract C): GET /api/compare and
// GET /api/compare.csv with ?scenarios=a,b[,c,d] or ?runs=r1,r2[,r3,r4].
#include "api/routes.hpp"
#include "api/workbook_response.hpp"
#include "app/compare.hpp"
#include "app/record_workbooks.hpp"
#include "app/run_manifest.hpp"

namespace planwise::api {

namespace {

std::vector<std::string> list_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

json optional_json(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json values_json(const app::CompareValues& values) {
  json out = json::object();
  for (std::size_t m = 0; m < values.size(); ++m)
    out[app::kCompareMetrics[m]] = optional_json(values[m]);
  return out;
}

json comparison_json(const app::Comparison& c) {
  json items = json::array(), differences = json::array(), years = json::array();
  for (const app::CompareItem& item : c.items) {
    items.push_back({{"label", item.label},
                     {"scenario", item.scenario},
                     {"run_id", item.run_id ? json(*item.run_id) : json(nullptr)},
                     {"simulated", item.simulated},
                     {"what_if", item.what_if},
                     {"target", item.target ? json{{"growth", item.target->growth},
                                                   {"tolerance", item.target->tolerance},
                                                   {"metric", item.target->metric}}
                                            : json(nullptr)}});
  }
  for (const app::LeverDifference& d : c.lever_differences) {
    json values = json::array();
    for (const auto& v : d.values) values.push_back(optional_json(v));
    differences.push_back(
        {{"parameter", d.parameter}, {"year", d.year}, {"level", d.level}, {"values", values}});
  }
  for (const app::CompareYear& y : c.years) {
    json values = json::array(), deltas = json::array();
    for (const auto& v : y.values) values.push_back(values_json(v));
    for (const auto& d : y.deltas) deltas.push_back(values_json(d));
    years.push_back({{"year", y.year}, {"values", values}, {"deltas", deltas}});
  }
  json mean_growth = json::array(), final_headcount = json::array();
  for (const auto& g : c.mean_growth) mean_growth.push_back(optional_json(g));
  for (const auto& h : c.final_headcount) final_headcount.push_back(h ? json(*h) : json(nullptr));
  return {{"items", items},
          {"lever_differences", differences},
          {"years", years},
          {"mean_growth", mean_growth},
          {"final_headcount", final_headcount}};
}

}  // namespace

std::optional<Response> compare_routes(Service::Context& c, const Request& r,
                                       const std::vector<std::string>& p) {
  const bool csv = p.size() == 2 && p[1] == "compare.csv";
  const bool xlsx = p.size() == 2 && p[1] == "compare.xlsx";  // issue 14 item 2
  if (!(p.size() == 2 && (p[1] == "compare" || csv || xlsx) && r.method == "GET"))
    return std::nullopt;
  app::CompareRequest q;
  q.inputs = c.config.inputs;
  q.db_path = c.config.db_path;
  q.scenarios = list_of(query_or(r, "scenarios", ""));
  q.runs = list_of(query_or(r, "runs", ""));
  // A scenario without a stored run is simulated by the request itself.
  const HeavySlot slot = q.runs.empty() ? heavy_slot(c) : nullptr;
  const app::Comparison comparison = take(app::compare(q));
  if (xlsx)
    return workbook_response(app::comparison_workbook(comparison, app::utc_now_iso()),
                             "comparison");
  if (!csv) return json_response(comparison_json(comparison));
  Response out;
  out.content_type = "text/csv";
  out.body = app::comparison_csv(comparison);
  out.headers.push_back({"Content-Disposition", "attachment; filename=\"comparison.csv\""});
  return out;
}

}  // namespace planwise::api
