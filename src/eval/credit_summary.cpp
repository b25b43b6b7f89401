#include "balint/eval/credit_summary.hpp"

#include <map>
#include <tuple>

#include "context.hpp"

namespace balint::eval {

CreditSummary credit_summary(const rules::RuleSet& rules, const domain::PersonHistory& history,
                             const domain::AccreditationIndex& accredited, core::Period period,
                             core::Date as_of) {
  const detail::Context ctx = detail::make_context(rules, history, accredited, as_of);
  CreditSummary out;
  std::vector<const domain::Entry*> counted;
  std::map<domain::Activity, ActivityCredits> by;
  for (const domain::Entry* e : ctx.entries) {
    if (e->voided || e->date > as_of || !period.contains(e->date)) continue;
    counted.push_back(e);
    out.entries.push_back(e->id);
    auto& a = by[e->activity];
    a.activity = e->activity;
    ++a.sessions;
    a.minutes += e->minutes;
    ++out.sessions;
    out.minutes += e->minutes;
    auto it = ctx.credits.find(e->id);
    if (it == ctx.credits.end() || !it->second.rate) {
      out.uncredited_minutes += e->minutes;
      a.uncredited_minutes += e->minutes;
      continue;
    }
    const detail::Credited& c = it->second;
    core::Centi got{c.credited()};
    core::Centi lost{c.removed_by_day + c.removed_by_year};
    a.credits += got;
    a.removed += lost;
    out.credits += got;
    out.removed += lost;
  }
  for (auto& [activity, a] : by) out.activities.push_back(a);
  // One line per rate and cap, day before year.
  std::map<std::pair<std::size_t, int>, CapSummary> caps;
  for (const CapRemoval& r : detail::cap_removals(ctx, counted)) {
    int order = r.cap == "day" ? 0 : 1;
    auto& s = caps[{r.rate, order}];
    s.rate = r.rate;
    s.cap = r.cap;
    const auto& rate = rules.credits[r.rate];
    s.limit = (order == 0 ? rate.cap_per_day : rate.cap_per_year).value_or(core::Centi{});
    s.removed += r.removed;
    s.periods.push_back(r.period);
  }
  for (auto& [key, s] : caps) out.caps.push_back(s);
  return out;
}

}  // namespace balint::eval
