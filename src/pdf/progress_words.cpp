#include "progress_words.hpp"

#include "balint/report/progress_words.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace balint::pdf::detail {
namespace {

using report::RequirementView;
using report::Unit;

using report::quantity;

}  // namespace

std::vector<std::string> detail_lines(const RequirementView& v, const std::string& desirable,
                                      const std::string& pace, const std::string& no_pace,
                                      const std::function<std::string(core::Date)>& date) {
  const auto& r = v.result;
  std::vector<std::string> out;
  if (!r.essential) out.push_back(desirable);
  if (r.status == eval::Status::waived) {
    out.push_back(report::waiver_line(r));
    return out;
  }
  if (r.status == eval::Status::not_applicable) {
    if (!r.detail.empty()) out.push_back(r.detail);
    return out;
  }
  if (r.kind == rules::Kind::measure && !r.detail.empty()) out.push_back(r.detail);
  if (v.has_pace)
    out.push_back(r.projected ? fmt::format(fmt::runtime(pace),
                                            date ? date(*r.projected) : r.projected->iso())
                              : no_pace);
  if (!r.periods.empty()) {
    std::string line = r.per + "s:";
    for (const auto& p : r.periods) line += "  " + report::period_item(v, p);
    out.push_back(line);
  }
  core::Centi capped;
  for (const auto& c : r.caps) capped += c.removed;
  if (capped > core::Centi{})
    out.push_back(fmt::format("caps removed {}", quantity(Unit::credits, "", capped)));
  for (const auto& g : v.not_needed ? std::vector<report::MissGroup>{} : v.miss_groups)
    out.push_back(report::miss_line(g));
  return out;
}

double bar_fraction(const RequirementView& v) {
  const auto& r = v.result;
  if (r.status == eval::Status::met || r.status == eval::Status::waived) return 1.0;
  if (r.status == eval::Status::not_applicable) return 0.0;
  if (!r.per.empty()) {
    double done = 0, all = 0;
    for (const auto& p : r.periods) {
      if (p.status == eval::PeriodStatus::in_progress) continue;
      ++all;
      if (p.status == eval::PeriodStatus::met) ++done;
    }
    return all > 0 ? done / all : 0.0;
  }
  if (r.kind == rules::Kind::measure && r.at_least && r.at_least->v > 0)
    return std::clamp(r.value.as_double() / r.at_least->as_double(), 0.0, 1.0);
  if (r.kind == rules::Kind::all_of || r.kind == rules::Kind::any_of) {
    if (r.children.empty() && v.children.empty()) return 0.0;
    double done = 0;
    for (const auto& c : v.children) done += eval::counts_as_met(c.result.status) ? 1 : 0;
    if (r.kind == rules::Kind::any_of) return done > 0 ? 1.0 : 0.0;
    return v.children.empty() ? 0.0 : done / static_cast<double>(v.children.size());
  }
  return 0.0;
}

}  // namespace balint::pdf::detail
