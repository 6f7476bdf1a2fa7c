#include "app/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace planwise::app {

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string tick_text(double v, bool dollars) {
  char buf[32];
  const double a = std::fabs(v);
  if (dollars && a >= 1e6) {
    std::snprintf(buf, sizeof buf, "$%.1fM", v / 1e6);
  } else if (dollars && a >= 1e3) {
    std::snprintf(buf, sizeof buf, "$%.0fk", v / 1e3);
  } else if (dollars) {
    std::snprintf(buf, sizeof buf, "$%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  }
  return buf;
}

}  // namespace

std::string line_chart_svg(const ChartSpec& spec) {
  const double left = 58, right = 10, top = 24, bottom = 36;
  const double w = spec.width - left - right;
  const double h = spec.height - top - bottom;
  double lo = INFINITY, hi = -INFINITY;
  for (const ChartSeries& s : spec.series) {
    for (const auto& v : s.values) {
      if (v && std::isfinite(*v)) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
  }
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    std::to_string(spec.width) + "\" height=\"" + std::to_string(spec.height) +
                    "\" viewBox=\"0 0 " + std::to_string(spec.width) + " " +
                    std::to_string(spec.height) + "\" role=\"img\"><title>" +
                    html_escape(spec.title) + "</title>";
  out += "<text x=\"" + num(left) + "\" y=\"14\" font-size=\"11\" font-weight=\"bold\">" +
         html_escape(spec.title) + "</text>";
  if (!std::isfinite(lo) || spec.labels.empty()) {
    return out + "<text x=\"" + num(left) + "\" y=\"" + num(top + h / 2) +
           "\" font-size=\"10\">no data</text></svg>";
  }
  // Pad the range so a flat series sits mid-chart, not on the axis.
  const double pad = hi > lo ? (hi - lo) * 0.1 : std::max(1.0, std::fabs(hi) * 0.05);
  lo -= pad;
  hi += pad;
  auto y_of = [&](double v) { return top + h - (v - lo) / (hi - lo) * h; };
  const std::size_t n = spec.labels.size();
  auto x_of = [&](std::size_t i) { return n == 1 ? left + w / 2 : left + w * i / (n - 1); };
  out += "<g font-size=\"9\" fill=\"#444\">";
  for (int t = 0; t <= 3; ++t) {
    const double v = lo + (hi - lo) * t / 3;
    out += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + w) + "\" y1=\"" + num(y_of(v)) +
           "\" y2=\"" + num(y_of(v)) + "\" stroke=\"#ddd\"/>";
    out += "<text x=\"" + num(left - 4) + "\" y=\"" + num(y_of(v) + 3) +
           "\" text-anchor=\"end\">" + tick_text(v, spec.dollars) + "</text>";
  }
  for (std::size_t i = 0; i < n; ++i) {
    out += "<text x=\"" + num(x_of(i)) + "\" y=\"" + num(top + h + 12) +
           "\" text-anchor=\"middle\">" + html_escape(spec.labels[i]) + "</text>";
  }
  out += "</g>";
  for (const ChartSeries& s : spec.series) {
    std::string points;
    for (std::size_t i = 0; i < n && i < s.values.size(); ++i) {
      if (!s.values[i]) continue;
      points += (points.empty() ? "" : " ") + num(x_of(i)) + "," + num(y_of(*s.values[i]));
      out += "<circle cx=\"" + num(x_of(i)) + "\" cy=\"" + num(y_of(*s.values[i])) +
             "\" r=\"2.5\" fill=\"" + html_escape(s.colour) + "\"><title>" +
             html_escape(s.name + " " + spec.labels[i] + ": " + tick_text(*s.values[i], spec.dollars)) +
             "</title></circle>";
    }
    if (n > 1) {
      out += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + html_escape(s.colour) +
             "\" points=\"" + points + "\"/>";
    }
  }
  double lx = left;
  for (const ChartSeries& s : spec.series) {
    const double ly = spec.height - 8;
    out += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly - 7) + "\" width=\"8\" height=\"8\" fill=\"" +
           html_escape(s.colour) + "\"/><text x=\"" + num(lx + 11) + "\" y=\"" + num(ly) +
           "\" font-size=\"9\">" + html_escape(s.name) + "</text>";
    lx += 16 + 5.5 * static_cast<double>(s.name.size());
  }
  return out + "</svg>";
}

}  // namespace planwise::app
