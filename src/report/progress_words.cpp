// The words and numbers of a requirement's progress (report/progress_words.hpp).
#include "balint/report/progress_words.hpp"

#include <fmt/core.h>

#include "balint/core/text.hpp"

namespace balint::report {
namespace {

// "5y" → "5 years", "18m" → "18 months".
std::string span_words(const std::string& span) {
  if (span.size() < 2) return span;
  const std::string count = span.substr(0, span.size() - 1);
  std::string word;
  switch (span.back()) {
    case 'y': word = "year"; break;
    case 'm': word = "month"; break;
    case 'w': word = "week"; break;
    default: word = "day";
  }
  return fmt::format("{} {}{}", count, word, count == "1" ? "" : "s");
}

std::string measure_amount(const RequirementView& v) {
  const auto& r = v.result;
  const auto& f = v.distinct_field;
  std::string s;
  if (!r.per.empty()) {
    s = r.at_least ? fmt::format("{} a {}", quantity(v.unit, f, *r.at_least), r.per)
                   : fmt::format("every {}", r.per);
  } else if (r.share) {
    s = percent(r.value) + (r.at_least ? " / " + percent(*r.at_least) : "") + " of " +
        unit_word(v.unit, f, core::Centi::whole(2));
  } else if (r.at_least) {
    s = fmt::format("{} / {}", r.value.short_str(), quantity(v.unit, f, *r.at_least));
  } else {
    s = quantity(v.unit, f, r.value);
  }
  if (r.at_most)
    s += fmt::format(" (at most {})", r.share ? percent(*r.at_most) : r.at_most->short_str());
  if (r.unit_minutes > 0 && !r.share) s += fmt::format(" of {} min", r.unit_minutes);
  if (!r.within.empty()) s += fmt::format(" in the last {}", span_words(r.within));
  if (auto anchors = report::anchor_words(r); !anchors.empty()) s += " " + anchors;
  return s;
}

}  // namespace

std::string percent(core::Centi fraction) { return fmt::format("{}%", fraction.v); }

std::string status_mark(eval::Status s) {
  switch (s) {
    case eval::Status::met:
    case eval::Status::waived: return "✓";
    case eval::Status::not_met: return "✗";
    case eval::Status::not_applicable: return "–";
  }
  return "✗";
}

std::string view_mark(const RequirementView& v) {
  return v.not_needed ? "○" : status_mark(v.result.status);
}

std::string unit_word(Unit u, const std::string& distinct_field, core::Centi n) {
  std::string word;
  switch (u) {
    case Unit::sessions: word = "session"; break;
    case Unit::hours: word = "hour"; break;
    case Unit::cases: word = "case"; break;
    case Unit::days: word = "day"; break;
    case Unit::credits: word = "credit"; break;
    case Unit::units: word = "unit"; break;
    case Unit::distinct: word = distinct_field == "co_leader" ? "co-leader" : distinct_field; break;
    case Unit::none: return {};
  }
  return n == core::Centi::whole(1) ? word : word + "s";
}

std::string quantity(Unit u, const std::string& distinct_field, core::Centi n) {
  return fmt::format("{} {}", n.short_str(), unit_word(u, distinct_field, n));
}

std::string amount_text(const RequirementView& v) {
  const auto& r = v.result;
  if (r.status == eval::Status::waived) return "waived";
  if (r.status == eval::Status::not_applicable) return "not applicable";
  switch (r.kind) {
    case rules::Kind::any_of: return "any one of:";
    case rules::Kind::all_of: return "all of:";
    case rules::Kind::measure: return measure_amount(v);
    default: return r.detail;
  }
}

std::string needed_text(const RequirementView& v) {
  if (v.not_needed) return "not needed";
  if (!v.still_needed) return {};
  if (v.result.share) return fmt::format("still needed: {} more", percent(*v.still_needed));
  return "still needed: " + quantity(v.unit, v.distinct_field, *v.still_needed);
}

std::string waiver_line(const eval::RequirementResult& r) {
  std::string by;
  if (!r.waived_by.empty()) by += " by " + r.waived_by;
  if (r.waived_on) by += " on " + r.waived_on->iso();
  return fmt::format("waived: {}{}", r.waiver_reason, by.empty() ? "" : " (granted" + by + ")");
}

std::string period_item(const RequirementView& v, const eval::PeriodResult& p) {
  std::string value = v.result.share ? percent(p.value) : p.value.short_str();
  if (p.status == eval::PeriodStatus::in_progress)
    return fmt::format("{} {} so far", p.period, value);
  return fmt::format("{} {} {}", p.period, p.status == eval::PeriodStatus::met ? "✓" : "✗", value);
}

std::string miss_line(const MissGroup& g) {
  return fmt::format("{} did not count: {}", core::plural(g.count, "session", "sessions"),
                     g.reason);
}

std::string verdict_text(const ProgressReport& r, UnmetNames names) {
  if (r.eligible) return "Eligible: every essential requirement is met.";
  const bool titles = names == UnmetNames::titles;
  std::string list;
  for (const auto& u : r.unmet)
    list += (list.empty() ? "" : titles ? "; " : ", ") + (titles ? u.title : u.id);
  return fmt::format(
      "Not yet eligible: {} still unmet: {}.",
      core::plural(r.unmet.size(), "essential requirement", "essential requirements"), list);
}

}  // namespace balint::report
