#include "chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "balint/core/quantity.hpp"
#include "balint/report/chart.hpp"
#include "progress_words.hpp"

namespace balint::pdf::detail {
namespace {

const std::vector<Color> kSeries{{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c},
                                 {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
                                 {0xe3, 0x77, 0xc2}};

// A round step for about `n` intervals up to `max`: 1, 2, 2.5 or 5 times a power of ten.
double nice_step(double max, int n) {
  double raw = max / n, power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

std::string number(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

int month_index(core::Date d) { return d.year() * 12 + d.month() - 1; }

}  // namespace

double draw_hours_chart(const std::vector<domain::Entry>& entries, core::Date as_of, Flow& f,
                        const ReportStyle& s, double height, const ProgressWording& words) {
  // Cumulative minutes per role, by date; roles in the vocabulary's order.
  const auto by_role = report::cumulative_minutes(entries, as_of);
  if (by_role.empty()) {
    f.paragraph(words.no_entries, false, s.size, s.muted);
    return 0;
  }
  core::Date start = as_of;
  long most = 0;
  for (const auto& [role, days] : by_role) {
    start = std::min(start, days.begin()->first);
    most = std::max(most, days.rbegin()->second);
  }
  const double label = s.size * 0.8, left_pad = label * 4.2, bottom_pad = label * 2;
  const double x0 = f.left() + left_pad, x1 = f.left() + f.width() - 6;
  const double y_top = f.top() - label * 2.2, y0 = f.top() - height + bottom_pad;
  const double span = std::max(1, as_of.serial() - start.serial());
  auto x_of = [&](core::Date d) { return x0 + (x1 - x0) * (d.serial() - start.serial()) / span; };
  const double max_hours = std::max(1.0, static_cast<double>(most) / 60.0);
  const double step = nice_step(max_hours, 4);
  const double y_max = std::ceil(max_hours / step) * step;
  auto y_of = [&](double h) { return y0 + (y_top - y0) * h / y_max; };

  auto& ops = f.ops();
  auto text = [&](const std::string& t, double x, double baseline, double width, Align a) {
    if (f.lines(t, false, label, 0) > 0)
      f.draw(t, false, label, s.muted, x, baseline, width, a, false);
  };
  Color grid{static_cast<std::uint8_t>((s.rule.r + 255) / 2),
             static_cast<std::uint8_t>((s.rule.g + 255) / 2),
             static_cast<std::uint8_t>((s.rule.b + 255) / 2)};
  for (double h = 0; h <= y_max + step / 2; h += step) {
    add(ops, LineOp{x0, y_of(h), x1, y_of(h), h == 0 ? 0.8 : 0.4, h == 0 ? s.rule : grid});
    text(number(h), f.left(), y_of(h) - label * 0.35, left_pad - 6, Align::right);
  }
  text(words.hours_axis, f.left(), y_top + label * 1.1, left_pad - 6, Align::right);
  add(ops, LineOp{x0, y0, x0, y_top, 0.8, s.rule});

  // Month ticks: the finest step that gives at most seven.
  int first = month_index(start) + 1, last = month_index(as_of);
  int months = 1;
  for (int m : {1, 2, 3, 6, 12, 24, 60, 120}) {
    months = m;
    int count = 0;
    for (int i = first; i <= last; ++i) count += i % m == 0;
    if (count <= 7) break;
  }
  for (int i = first; i <= last; ++i) {
    if (i % months) continue;
    auto d = core::Date::from_ymd(i / 12, i % 12 + 1, 1);
    double x = x_of(d);
    add(ops, LineOp{x, y0, x, y0 - 3, 0.6, s.rule});
    std::string name = months >= 12 ? std::to_string(d.year()) : d.iso().substr(0, 7);
    text(name, x - 30, y0 - label * 1.5, 60, Align::center);
  }

  // One step line per role, and the legend.
  const auto& colors = s.series.empty() ? kSeries : s.series;
  std::size_t i = 0;
  double lx = x0;
  const double legend_base = y0 - bottom_pad - label * 0.8;
  for (const auto& [role, days] : by_role) {
    Color c = colors[i++ % colors.size()];
    PolylineOp line{{{x_of(start), y_of(0)}}, 1.5, c};
    double previous = 0;
    for (const auto& [day, minutes] : days) {
      double h = static_cast<double>(minutes) / 60.0;
      line.points.emplace_back(x_of(day), y_of(previous));
      line.points.emplace_back(x_of(day), y_of(h));
      previous = h;
    }
    line.points.emplace_back(x_of(as_of), y_of(previous));
    add(ops, std::move(line));
    const std::string role_word(domain::to_string(role));
    std::string name = fmt::format(
        "{} {} {}", words.vocab ? words.vocab(role_word) : role_word,
        words.hours ? words.hours(days.rbegin()->second) : core::hours_str(days.rbegin()->second),
        words.hours_short);
    add(ops, RectOp{lx, legend_base - 1, label * 1.6, label * 0.8, c, std::nullopt, 0});
    if (f.lines(name, false, label, 0) > 0) {
      double w = f.text_width(name, false, label);
      f.draw(name, false, label, s.text, lx + label * 2, legend_base, w, Align::left, false);
      lx += label * 3 + w;
    }
  }
  return height + label * 2.5;
}

}  // namespace balint::pdf::detail
