// Issue 11 item 5: the pieces the report documents share: HTML escaping and
// small inline SVG charts (no script, no external file, so a page prints
// and archives as it is).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace planwise::app {

// Text for HTML element content and attribute values.
std::string html_escape(const std::string& text);

struct ChartSeries {
  std::string name;
  std::string colour;                     // CSS colour
  std::vector<std::optional<double>> values;  // one per label; nullopt: a gap
};

struct ChartSpec {
  std::string title;
  std::vector<std::string> labels;  // x axis (years)
  std::vector<ChartSeries> series;
  bool dollars = false;  // axis ticks as $ with k/M
  int width = 320;
  int height = 180;
};

// A line chart (two or more labels) or bar chart (one label) as an <svg>
// element with its axis ticks and a legend; the data in <title>s for
// screen readers.
std::string line_chart_svg(const ChartSpec& spec);

}  // namespace planwise::app
