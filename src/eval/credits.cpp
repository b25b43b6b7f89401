// CPD credits: hours × rate per entry in hundredths, then the day cap, then the year cap,
// each per [[credit]] rate, in date order.
#include <fmt/core.h>

#include <algorithm>
#include <tuple>

#include "context.hpp"

namespace balint::eval::detail {
namespace {

// hours × rate in hundredths, rounded half up: minutes/60 × per_hour.v.
std::int64_t raw_credits(int minutes, core::Centi per_hour) {
  return (static_cast<std::int64_t>(minutes) * per_hour.v + 30) / 60;
}

std::optional<std::size_t> rate_for(const rules::RuleSet& rules, const domain::Entry& e,
                                    const std::set<std::string>& families,
                                    const domain::AccreditationIndex& accredited) {
  for (std::size_t i = 0; i < rules.credits.size(); ++i)
    if (where_failures(rules.credits[i].where, e, families, accredited).empty()) return i;
  return std::nullopt;
}

// Takes at most what is left under `cap` from `amount`; returns what was removed.
std::int64_t take(std::int64_t amount, std::optional<core::Centi> cap, std::int64_t& used) {
  if (!cap) return 0;
  std::int64_t allowed = std::clamp<std::int64_t>(cap->v - used, 0, amount);
  used += allowed;
  return amount - allowed;
}

using DayUse = std::map<std::pair<std::size_t, std::int32_t>, std::int64_t>;

// The day cap, applied per day of the entry: its credits are spread evenly over its `days`
// (the first days take the odd hundredths), and each day's part shares that day's cap with the
// other entries of the rate on that day. Returns what was removed; records it by day.
std::int64_t take_by_day(const domain::Entry& e, std::size_t rate, std::int64_t raw,
                         core::Centi cap, DayUse& used, Credited& c) {
  const std::int64_t days = std::max(1, e.days.value_or(1));
  std::int64_t removed = 0;
  // Past the first `raw` days every part is 0 hundredths: nothing to cap there.
  for (std::int64_t i = 0; i < std::min(days, raw); ++i) {
    const std::int64_t part = raw / days + (i < raw % days ? 1 : 0);
    const core::Date day = e.date.add_days(static_cast<int>(i));
    const std::int64_t lost = take(part, cap, used[{rate, day.serial()}]);
    if (lost > 0) c.removed_on.emplace_back(day, lost);
    removed += lost;
  }
  return removed;
}

}  // namespace

std::map<std::int64_t, Credited> compute_credits(const rules::RuleSet& rules,
                                                 const std::vector<const domain::Entry*>& entries,
                                                 core::Date as_of,
                                                 const domain::AccreditationIndex& accredited) {
  std::map<std::int64_t, Credited> out;
  if (rules.credits.empty()) return out;
  auto families = accredited_families(rules, nullptr);
  DayUse used_day;
  std::map<std::pair<std::size_t, int>, std::int64_t> used_year;
  for (const domain::Entry* e : entries) {
    if (e->voided || e->date > as_of) continue;
    Credited c;
    c.rate = rate_for(rules, *e, families, accredited);
    if (c.rate) {
      const auto& rate = rules.credits[*c.rate];
      c.raw = raw_credits(e->minutes, rate.per_hour);
      if (rate.cap_per_day)
        c.removed_by_day = take_by_day(*e, *c.rate, c.raw, *rate.cap_per_day, used_day, c);
      c.removed_by_year =
          take(c.raw - c.removed_by_day, rate.cap_per_year, used_year[{*c.rate, e->date.year()}]);
    }
    out[e->id] = c;
  }
  return out;
}

std::vector<CapRemoval> cap_removals(const Context& ctx,
                                     const std::vector<const domain::Entry*>& counted) {
  // (rate, 0 = day / 1 = year, period) → removed
  std::map<std::tuple<std::size_t, int, std::string>, std::int64_t> sums;
  for (const domain::Entry* e : counted) {
    auto it = ctx.credits.find(e->id);
    if (it == ctx.credits.end() || !it->second.rate) continue;
    const Credited& c = it->second;
    for (const auto& [day, removed] : c.removed_on) sums[{*c.rate, 0, day.iso()}] += removed;
    if (c.removed_by_year)
      sums[{*c.rate, 1, fmt::format("{}", e->date.year())}] += c.removed_by_year;
  }
  std::vector<CapRemoval> out;
  for (const auto& [key, removed] : sums)
    out.push_back(CapRemoval{std::get<0>(key), std::get<1>(key) == 0 ? "day" : "year",
                             std::get<2>(key), core::Centi{removed}});
  return out;
}

}  // namespace balint::eval::detail
