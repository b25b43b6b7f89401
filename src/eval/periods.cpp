// `per = "year" | "month"`: the threshold in each calendar period from the person's start
// (enrolment in the family, else first entry) to the last complete one; the current period is
// in progress and does not decide. With `within`, only the periods that end inside the window
// are looked at, and the requirement also needs the person's start to cover the whole window.
#include <fmt/core.h>

#include <algorithm>

#include "context.hpp"

namespace balint::eval::detail {
namespace {

struct Period {
  core::Date first;
  core::Date last;
  std::string label;
};

Period period_of(rules::Per per, core::Date d) {
  if (per == rules::Per::year) {
    auto first = core::Date::from_ymd(d.year(), 1, 1);
    return {first, core::Date::from_ymd(d.year(), 12, 31), fmt::format("{:04}", d.year())};
  }
  auto first = core::Date::from_ymd(d.year(), d.month(), 1);
  return {first, first.add_months(1).add_days(-1), fmt::format("{:04}-{:02}", d.year(), d.month())};
}

std::string_view per_word(rules::Per per) { return per == rules::Per::year ? "year" : "month"; }

// Enrolment in the rule set's family, else the first entry that could count.
std::optional<core::Date> start_of(const Context& ctx) {
  std::optional<core::Date> start;
  for (const auto& en : ctx.history.enrolments)
    if (en.family == ctx.rules.family && (!start || en.on < *start)) start = en.on;
  if (start) return start;
  for (const domain::Entry* e : ctx.entries)
    if (!e->voided && e->date <= ctx.as_of) return e->date;
  return std::nullopt;
}

struct Range {
  Period first;
  bool covers_window = true;
};

Range range_of(const Context& ctx, const rules::Requirement& q, core::Date start) {
  Range r{period_of(q.per, start), true};
  if (!q.within) return r;
  Period window = period_of(q.per, q.within->before(ctx.as_of).add_days(1));
  if (window.first > r.first.first)
    r.first = window;
  else if (window.first < r.first.first)
    r.covers_window = false;
  return r;
}

void no_start(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  Outcome o = outcome(ctx, q, {}, nullptr);
  out.value = o.value;
  out.remaining = o.remaining;
  out.status = Status::not_met;
  out.detail = fmt::format("no enrolment in {} and no entries yet", ctx.rules.family);
}

// The outcome of each period from `first` to the current one, recorded in out.periods.
std::vector<Outcome> each_period(const Context& ctx, const rules::Requirement& q,
                                 const Period& first, const Collected& c, const Collected* den,
                                 RequirementResult& out) {
  const Period current = period_of(q.per, ctx.as_of);
  std::vector<Outcome> outcomes;
  for (Period p = first; p.first <= current.first; p = period_of(q.per, p.last.add_days(1))) {
    std::vector<const domain::Entry*> den_p;
    if (den) den_p = between(den->counted, p.first, p.last);
    Outcome o = outcome(ctx, q, between(c.counted, p.first, p.last), den ? &den_p : nullptr);
    PeriodStatus status = o.met ? PeriodStatus::met : PeriodStatus::not_met;
    if (p.first == current.first) status = PeriodStatus::in_progress;
    out.periods.push_back({p.label, o.value, status, o.fraction});
    outcomes.push_back(o);
  }
  return outcomes;
}

// Met when every complete period is (the last outcome is the current period). Shown: the
// weakest complete period, an unmet one first; the current one while none is complete.
void decide(const std::vector<Outcome>& outcomes, bool covers_window, RequirementResult& out) {
  const std::size_t complete = outcomes.size() - 1;
  const Outcome* shown = &outcomes.back();
  bool all_met = true;
  for (std::size_t i = 0; i < complete; ++i) {
    const Outcome& o = outcomes[i];
    all_met = all_met && o.met;
    if (i == 0 || std::pair(o.met, o.value) < std::pair(shown->met, shown->value)) shown = &o;
  }
  const bool met = complete > 0 && all_met && covers_window;
  out.status = met ? Status::met : Status::not_met;
  out.value = shown->value;
  out.fraction = shown->fraction;
  out.remaining = met ? core::Centi{} : shown->remaining;
}

}  // namespace

void evaluate_periods(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  out.per = std::string(per_word(q.per));
  auto start = start_of(ctx);
  if (!start || *start > ctx.as_of) {
    no_start(ctx, q, out);
    return;
  }
  Range range = range_of(ctx, q, *start);
  Window w{range.first.first.add_days(-1),
           ctx.as_of,
           fmt::format("before the first {} counted ({})", out.per, range.first.label),
           std::nullopt,
           {}};
  if (auto missing = apply_anchors(ctx, q, w, &out)) {
    anchor_missing(ctx, q, *missing, out);
    return;
  }
  Collected c = collect(ctx, q, w, q.where, &q.where_not);
  std::optional<Collected> den;
  if (q.share_of) den = collect(ctx, q, w, *q.share_of, nullptr, false);
  auto outcomes = each_period(ctx, q, range.first, c, den ? &*den : nullptr, out);
  decide(outcomes, range.covers_window, out);
  if (outcomes.size() == 1)
    out.detail = fmt::format("no complete {} yet", out.per);
  else if (!range.covers_window)
    out.detail = fmt::format("needs every {} of the last {}; counted from {} only", out.per,
                             q.within->str(), range.first.label);
  if (ctx.listing())
    for (const auto* e : c.counted) out.entries.push_back(e->id);
  out.near_misses = std::move(c.near_misses);
  if (q.measure.kind == rules::MeasureKind::credits) out.caps = cap_removals(ctx, c.counted);
}

}  // namespace balint::eval::detail
