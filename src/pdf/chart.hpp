#pragma once
// Private to pdf: the chart of cumulative hours over time, one line per role.
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/pdf/progress.hpp"
#include "flow.hpp"

namespace balint::pdf::detail {

/// Draws the chart at the flow's current position, `height` points for the plot, and returns
/// the height used (with axis labels and legend). Voided entries and those after `as_of` are
/// left out. The axis, legend and "no entries" in `words`.
double draw_hours_chart(const std::vector<domain::Entry>& entries, core::Date as_of, Flow& f,
                        const ReportStyle& s, double height, const ProgressWording& words);

}  // namespace balint::pdf::detail
