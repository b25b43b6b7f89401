// A requirement's figures in the page's language (figures.hpp). The shapes follow
// report/progress_words.cpp; what eval writes as a sentence (a membership's or document's
// `detail`) is shown as eval wrote it.
#include "figures.hpp"

#include <fmt/core.h>

#include "balint/report/progress_words.hpp"
#include "language.hpp"

namespace balint::web {
namespace {

bool one(core::Centi n) { return n == core::Centi::whole(1); }

// The unit for `n` of it, in the page's language.
std::string unit_text(report::Unit u, const std::string& field, core::Centi n) {
  switch (u) {
    case report::Unit::sessions: return one(n) ? tr("session") : tr("sessions");
    case report::Unit::hours: return one(n) ? tr("hour") : tr("hours");
    case report::Unit::cases: return one(n) ? tr("case") : tr("cases");
    case report::Unit::days: return one(n) ? tr("day") : tr("days");
    case report::Unit::credits: return one(n) ? tr("credit") : tr("credits");
    case report::Unit::units: return one(n) ? tr("unit") : tr("units");
    case report::Unit::distinct:
      if (field == "setting") return one(n) ? tr("setting") : tr("settings");
      if (field == "group") return one(n) ? tr("group") : tr("groups");
      if (field == "event") return one(n) ? tr("event") : tr("events");
      if (field == "leader") return one(n) ? tr("leader") : tr("leaders");
      if (field == "co_leader") return one(n) ? tr("co-leader") : tr("co-leaders");
      if (field == "supervisor") return one(n) ? tr("supervisor") : tr("supervisors");
      return report::unit_word(u, field, n);
    case report::Unit::none: return {};
  }
  return {};
}

std::string quantity_text(report::Unit u, const std::string& field, core::Centi n) {
  return number_text(n) + " " + unit_text(u, field, n);
}

std::string percent_text(core::Centi fraction) {
  return fmt::format(fmt::runtime(tr("{}%")), number_text(fraction));
}

std::string period_text(const std::string& per) {
  if (per == "year") return tr("a year");
  if (per == "month") return tr("a month");
  return per;
}

std::string every_period_text(const std::string& per) {
  if (per == "year") return tr("every year");
  if (per == "month") return tr("every month");
  return per;
}

// "5y": "in the last 5 years", each spelled out whole (a language declines the unit after
// its preposition).
std::string span_text(const std::string& span) {
  if (span.size() < 2) return span;
  const std::string count = span.substr(0, span.size() - 1);
  const bool single = count == "1";
  auto n = [&](const std::string& pattern) { return fmt::format(fmt::runtime(pattern), count); };
  switch (span.back()) {
    case 'y': return single ? tr("in the last year") : n(tr("in the last {} years"));
    case 'm': return single ? tr("in the last month") : n(tr("in the last {} months"));
    case 'w': return single ? tr("in the last week") : n(tr("in the last {} weeks"));
    default: return single ? tr("in the last day") : n(tr("in the last {} days"));
  }
}

std::string record_text(const std::string& anchor) {
  const auto colon = anchor.find(':');
  if (colon == std::string::npos) return anchor == "enrolment" ? tr("enrolment") : anchor;
  const std::string kind = anchor.substr(0, colon), target = anchor.substr(colon + 1);
  return fmt::format(
      fmt::runtime(kind == "document" ? tr("the {} document") : tr("accreditation in {}")), target);
}

std::string dated_text(const std::optional<core::Date>& on) {
  return " (" + (on ? date_text(*on) : tr("not recorded")) + ")";
}

std::string anchors_text(const eval::RequirementResult& r) {
  std::string out;
  if (!r.after.empty())
    out = fmt::format(fmt::runtime(tr("from {}")), record_text(r.after) + dated_text(r.after_on));
  if (!r.before.empty())
    out += (out.empty() ? "" : ", ") + fmt::format(fmt::runtime(tr("before {}")),
                                                   record_text(r.before) + dated_text(r.before_on));
  return out;
}

std::string measure_text(const report::RequirementView& v) {
  const auto& r = v.result;
  const auto& f = v.distinct_field;
  std::string s;
  if (!r.per.empty()) {
    s = r.at_least ? quantity_text(v.unit, f, *r.at_least) + " " + period_text(r.per)
                   : every_period_text(r.per);
  } else if (r.share) {
    s = fmt::format(fmt::runtime(tr("{} of {}")),
                    percent_text(r.value) + (r.at_least ? " / " + percent_text(*r.at_least) : ""),
                    unit_text(v.unit, f, core::Centi::whole(2)));
  } else if (r.at_least) {
    s = number_text(r.value) + " / " + quantity_text(v.unit, f, *r.at_least);
  } else {
    s = quantity_text(v.unit, f, r.value);
  }
  if (r.at_most)
    s += " (" +
         fmt::format(fmt::runtime(tr("at most {}")),
                     r.share ? percent_text(*r.at_most) : number_text(*r.at_most)) +
         ")";
  if (r.unit_minutes > 0 && !r.share)
    s += " " + fmt::format(fmt::runtime(tr("of {} min")), r.unit_minutes);
  if (!r.within.empty()) s += " " + span_text(r.within);
  if (auto anchors = anchors_text(r); !anchors.empty()) s += " " + anchors;
  return s;
}

}  // namespace

std::string amount_words(const report::RequirementView& v) {
  if (current_language() == "en") return report::amount_text(v);
  const auto& r = v.result;
  if (r.status == eval::Status::waived) return tr("waived");
  if (r.status == eval::Status::not_applicable) return tr("not applicable");
  switch (r.kind) {
    case rules::Kind::any_of: return tr("any one of:");
    case rules::Kind::all_of: return tr("all of:");
    case rules::Kind::measure: return measure_text(v);
    default: return r.detail;
  }
}

std::string needed_words(const report::RequirementView& v) {
  if (current_language() == "en") return report::needed_text(v);
  if (v.not_needed) return tr("not needed");
  if (!v.still_needed) return {};
  if (v.result.share)
    return fmt::format(fmt::runtime(tr("still needed: {} more")), percent_text(*v.still_needed));
  return fmt::format(fmt::runtime(tr("still needed: {}")),
                     quantity_text(v.unit, v.distinct_field, *v.still_needed));
}

}  // namespace balint::web
