// When an unmet measure would be met at the pace of the last 12 months.
#include "context.hpp"

namespace balint::eval::detail {

constexpr std::int64_t kHorizonDays = 36525;

void project(const Context& ctx, const rules::Requirement& q, std::int64_t remaining_base,
             RequirementResult& out) {
  // Entries from now on are all after a `before` record: what it needs cannot be gained.
  if (remaining_base <= 0 || q.share_of || q.per != rules::Per::none || q.before) return;
  const core::Date year_ago = ctx.as_of.add_months(-12);
  // The same tests without `within`: the pace is what accrued in (as_of − 12m, as_of].
  Window all{std::nullopt, ctx.as_of, {}, std::nullopt, {}};
  if (apply_anchors(ctx, q, all, nullptr)) return;
  auto counted = collect(ctx, q, all, q.where, &q.where_not, false).counted;
  std::vector<const domain::Entry*> before;
  for (const auto* e : counted)
    if (e->date <= year_ago) before.push_back(e);
  const std::int64_t accrued =
      base_value(ctx, q.measure, counted) - base_value(ctx, q.measure, before);
  if (accrued <= 0) return;  // not at current pace
  const std::int64_t days = ctx.as_of.serial() - year_ago.serial();
  const std::int64_t needed = (remaining_base * days + accrued - 1) / accrued;
  if (needed > kHorizonDays) return;  // a century away: as good as never
  out.projected = ctx.as_of.add_days(static_cast<int>(needed));
}

}  // namespace balint::eval::detail
