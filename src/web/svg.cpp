// Inline SVG: the progress report's chart (cumulative hours by role, the PDF's data) and a bar
// per requirement. Text in them is escaped like every other text of a page.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <charconv>
#include <cstdint>

#include "balint/report/chart.hpp"
#include "svg.hpp"
#include "web.hpp"

namespace balint::web {
namespace {

// Dark enough on white for WCAG AA (4.5:1) as lines and legend text.
const char* const kColours[] = {"#1f5f99", "#a04a00", "#1e6b1e", "#b01e1e",
                                "#6a3d9a", "#6b4226", "#a3236f"};

// "x,y" with one decimal each, as fmt's {:.1f} writes them (append_fixed1).
void point(std::string& out, double x, double y) {
  append_fixed1(out, x);
  out += ',';
  append_fixed1(out, y);
}

}  // namespace

void append_fixed1(std::string& out, double v) {
  // v * 10 is within half an ulp of the exact value; unless that lands near a tie (x.5), both
  // round to the same whole number, which is then written as digits. A value near a tie, a
  // negative or a large one goes through std::to_chars, which rounds the exact binary value.
  const double t = v * 10.0;
  if (!std::signbit(v) && t < 1e15) {
    const double whole = std::floor(t);
    const double frac = t - whole;
    if (std::fabs(frac - 0.5) > 1e-6) {
      auto n = static_cast<std::uint64_t>(whole) + (frac > 0.5 ? 1 : 0);
      char buf[24];
      char* end = std::to_chars(buf, buf + sizeof buf - 2, n / 10).ptr;
      *end++ = '.';
      *end++ = static_cast<char>('0' + n % 10);
      out.append(buf, end);
      return;
    }
  }
  char buf[400];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1).ptr);
}

std::string hours_chart_svg(const std::vector<domain::Entry>& entries, core::Date as_of) {
  const auto by_role = report::cumulative_minutes(entries, as_of);
  if (by_role.empty()) return "";
  core::Date start = as_of;
  long most = 1;
  for (const auto& [role, days] : by_role) {
    start = std::min(start, days.begin()->first);
    most = std::max(most, days.rbegin()->second);
  }
  const double w = 600, h = 240, x0 = 48, x1 = 590, y0 = 210, y1 = 12;
  const double span = std::max(1, as_of.serial() - start.serial());
  const double max_h = std::ceil(static_cast<double>(most) / 300.0) * 5;
  auto x = [&](core::Date d) { return x0 + (x1 - x0) * (d.serial() - start.serial()) / span; };
  auto y = [&](double hours) { return y0 - (y0 - y1) * hours / max_h; };
  // The legend is HTML below the drawing, so that it reads at the page's size on a phone.
  std::string out = fmt::format(
      "<figure class=\"chart\"><svg viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-labelledby=\"chart-title\">"
      "<title id=\"chart-title\">{}</title>",
      w, h, escape_html(tr("Cumulative hours by role")));
  for (int i = 0; i <= 5; ++i) {
    double hv = max_h * i / 5;
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#bbb\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"13\" "
        "fill=\"#333\">{:g}</text>",
        x0, y(hv), x1, y(hv), x0 - 4, y(hv) + 4, hv);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#333\">{}</text>", x0, h - 6,
                     escape_html(date_text(start)));
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#333\">{}</text>", x1,
      h - 6, escape_html(date_text(as_of)));
  std::string legend;
  std::size_t k = 0;
  for (const auto& [role, days] : by_role) {
    const char* colour = kColours[k++ % std::size(kColours)];
    // Written in place: a long history has thousands of points.
    out +=
        fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"", colour);
    point(out, x(start), y(0));
    long before = 0;
    for (const auto& [day, minutes] : days) {
      out += ' ';
      point(out, x(day), y(static_cast<double>(before) / 60.0));
      out += ' ';
      point(out, x(day), y(static_cast<double>(minutes) / 60.0));
      before = minutes;
    }
    out += ' ';
    point(out, x(as_of), y(static_cast<double>(before) / 60.0));
    out += "\"/>";
    legend += fmt::format(
        "<li><svg width=\"18\" height=\"6\" aria-hidden=\"true\"><rect width=\"18\" height=\"6\" "
        "fill=\"{}\"/></svg> "
        "{} ({} {})</li>",
        colour, escape_html(vocab_text(domain::to_string(role))), hours_text(before),
        escape_html(tr("h")));
  }
  return out + "</svg><figcaption><ul class=\"legend\">" + legend + "</ul></figcaption></figure>";
}

std::string bar_svg(double value, double target, const std::string& label) {
  double share = target > 0 ? std::clamp(value / target, 0.0, 1.0) : (value > 0 ? 1.0 : 0.0);
  return fmt::format(
      "<svg class=\"bar\" viewBox=\"0 0 200 12\" role=\"img\" aria-label=\"{}\">"
      "<rect width=\"200\" height=\"12\" fill=\"#e6e6e6\"/>"
      "<rect width=\"{:.1f}\" height=\"12\" fill=\"{}\"/></svg>",
      escape_html(label), 200 * share, share >= 1 ? "#1e6b1e" : "#1f5f99");
}

}  // namespace balint::web
