#include "progress_words.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace balint::pdf::detail {
namespace {

using report::RequirementView;
using report::Unit;

std::string percent(core::Centi fraction) { return fmt::format("{}%", fraction.v); }

std::string unit_word(Unit u, const std::string& field, core::Centi n) {
  std::string word;
  switch (u) {
    case Unit::sessions: word = "session"; break;
    case Unit::hours: word = "hour"; break;
    case Unit::cases: word = "case"; break;
    case Unit::days: word = "day"; break;
    case Unit::credits: word = "credit"; break;
    case Unit::units: word = "unit"; break;
    case Unit::distinct: word = field == "co_leader" ? "co-leader" : field; break;
    case Unit::none: return {};
  }
  return n == core::Centi::whole(1) ? word : word + "s";
}

std::string quantity(Unit u, const std::string& field, core::Centi n) {
  return fmt::format("{} {}", n.short_str(), unit_word(u, field, n));
}

std::string span_words(const std::string& span) {
  if (span.size() < 2) return span;
  std::string count = span.substr(0, span.size() - 1);
  const char* word = span.back() == 'y' ? "year" : span.back() == 'm' ? "month"
                     : span.back() == 'w' ? "week" : "day";
  return fmt::format("{} {}{}", count, word, count == "1" ? "" : "s");
}

}  // namespace

std::string status_mark(eval::Status s) {
  switch (s) {
    case eval::Status::met:
    case eval::Status::waived:
      return "✓";
    case eval::Status::not_applicable:
      return "–";
    default:
      return "✗";
  }
}

std::string view_mark(const RequirementView& v) {
  return v.not_needed ? "○" : status_mark(v.result.status);
}

std::string amount_text(const RequirementView& v) {
  const auto& r = v.result;
  if (r.status == eval::Status::waived) return "waived";
  if (r.status == eval::Status::not_applicable) return "not applicable";
  if (r.kind == rules::Kind::any_of) return "any one of:";
  if (r.kind == rules::Kind::all_of) return "all of:";
  if (r.kind != rules::Kind::measure) return r.detail;
  const auto& f = v.distinct_field;
  std::string s;
  if (!r.per.empty())
    s = r.at_least ? fmt::format("{} a {}", quantity(v.unit, f, *r.at_least), r.per)
                   : fmt::format("every {}", r.per);
  else if (r.share)
    s = percent(r.value) + (r.at_least ? " / " + percent(*r.at_least) : "") + " of " +
        unit_word(v.unit, f, core::Centi::whole(2));
  else if (r.at_least)
    s = fmt::format("{} / {}", r.value.short_str(), quantity(v.unit, f, *r.at_least));
  else
    s = quantity(v.unit, f, r.value);
  if (r.at_most)
    s += fmt::format(" (at most {})", r.share ? percent(*r.at_most) : r.at_most->short_str());
  if (r.unit_minutes > 0 && !r.share) s += fmt::format(" of {} min", r.unit_minutes);
  if (!r.within.empty()) s += " in the last " + span_words(r.within);
  if (auto anchors = report::anchor_words(r); !anchors.empty()) s += " " + anchors;
  return s;
}

std::string needed_text(const RequirementView& v) {
  if (v.not_needed) return "not needed";
  if (!v.still_needed) return {};
  if (v.result.share) return fmt::format("still needed: {} more", percent(*v.still_needed));
  return "still needed: " + quantity(v.unit, v.distinct_field, *v.still_needed);
}

std::vector<std::string> detail_lines(const RequirementView& v) {
  const auto& r = v.result;
  std::vector<std::string> out;
  if (!r.essential) out.push_back("desirable: does not decide eligibility");
  if (r.status == eval::Status::waived) {
    std::string by;
    if (!r.waived_by.empty()) by += " by " + r.waived_by;
    if (r.waived_on) by += " on " + r.waived_on->iso();
    out.push_back(fmt::format("waived: {}{}", r.waiver_reason,
                              by.empty() ? "" : " (granted" + by + ")"));
    return out;
  }
  if (r.status == eval::Status::not_applicable) {
    if (!r.detail.empty()) out.push_back(r.detail);
    return out;
  }
  if (r.kind == rules::Kind::measure && !r.detail.empty()) out.push_back(r.detail);
  if (v.has_pace)
    out.push_back(r.projected ? "at the pace of the last 12 months: met by " + r.projected->iso()
                              : "not at current pace (no progress in the last 12 months)");
  if (!r.periods.empty()) {
    std::string line = r.per + "s:";
    for (const auto& p : r.periods) {
      std::string value = r.share ? percent(p.value) : p.value.short_str();
      line += p.status == eval::PeriodStatus::in_progress
                  ? fmt::format("  {} {} so far", p.period, value)
                  : fmt::format("  {} {} {}", p.period,
                                p.status == eval::PeriodStatus::met ? "✓" : "✗", value);
    }
    out.push_back(line);
  }
  core::Centi capped;
  for (const auto& c : r.caps) capped += c.removed;
  if (capped > core::Centi{})
    out.push_back(fmt::format("caps removed {}", quantity(Unit::credits, "", capped)));
  for (const auto& g : v.not_needed ? std::vector<report::MissGroup>{} : v.miss_groups)
    out.push_back(fmt::format("{} {} did not count: {}", g.count,
                              g.count == 1 ? "session" : "sessions", g.reason));
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

std::string verdict_text(const report::ProgressReport& r) {
  if (r.eligible) return "Eligible: every essential requirement is met.";
  std::string titles;
  for (const auto& u : r.unmet) titles += (titles.empty() ? "" : "; ") + u.title;
  return fmt::format("Not yet eligible: {} essential requirement{} still unmet: {}.",
                     r.unmet.size(), r.unmet.size() == 1 ? "" : "s", titles);
}

std::string hours(long minutes) { return core::hours_str(minutes); }

}  // namespace balint::pdf::detail
