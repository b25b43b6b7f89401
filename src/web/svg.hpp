#pragma once
// Private to web: inline SVG charts.
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"

namespace balint::web {

/// Cumulative hours by role up to `as_of` (the PDF report's chart); "" without entries.
std::string hours_chart_svg(const std::vector<domain::Entry>& entries, core::Date as_of);
/// Appends `v` with one decimal, exactly as std::to_chars(fixed, 1) and fmt's {:.1f} write it
/// (the chart's coordinates: thousands a page), without their cost for ordinary values.
void append_fixed1(std::string& out, double v);
/// A horizontal bar of value / target, described by `label` for screen readers.
std::string bar_svg(double value, double target, const std::string& label);

}  // namespace balint::web
