// Measure requirements: which entries count, their value, and the thresholds compared
// exactly in integers (counts, minutes, hundredths of a credit).
#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "balint/domain/vocab.hpp"
#include "context.hpp"

namespace balint::eval::detail {
namespace {

using rules::MeasureKind;

// The entry field that `distinct:FIELD` counts.
using TextField = std::string domain::Entry::*;
TextField distinct_field(const std::string& field) {
  if (field == "setting") return &domain::Entry::setting;
  if (field == "group") return &domain::Entry::group;
  if (field == "event") return &domain::Entry::event;
  if (field == "leader") return &domain::Entry::leader;
  if (field == "co_leader") return &domain::Entry::co_leader;
  return &domain::Entry::supervisor;
}

// Reasons that belong to the measure itself rather than to a field test.
void measure_failures(const Context& ctx, const rules::Measure& m, const domain::Entry& e,
                      std::vector<std::string>& out) {
  if (m.kind == MeasureKind::distinct && (e.*distinct_field(m.field)).empty())
    out.push_back(fmt::format("no {} given", m.field));
  if (m.kind == MeasureKind::cases && !e.cases) out.emplace_back("no cases given");
  if (m.kind == MeasureKind::units && e.minutes < m.unit_minutes)
    out.push_back(fmt::format("{} min, less than one unit of {} min", e.minutes, m.unit_minutes));
  if (m.kind == MeasureKind::credits) {
    auto it = ctx.credits.find(e.id);
    if (it == ctx.credits.end() || !it->second.rate) out.emplace_back("no credit rate applies");
  }
}

// Thresholds are compared in 1/6000 of a unit, where every base value is whole:
// a count is 6000, a minute 100 (1/60 hour), a hundredth of a credit 60.
std::int64_t per_base(MeasureKind k) {
  if (k == MeasureKind::hours) return 100;
  if (k == MeasureKind::credits) return 60;
  return 6000;
}

std::int64_t threshold_units(core::Centi t) { return t.v * 60; }

// Fractions: value = num / den, compared as num × 100 against t × den. The value shown is
// rounded half up, except where that would make a share that fails a threshold look as if it
// met it (49.8% against at least 50% is shown as 49%, not 50%).
Outcome share_outcome(const rules::Requirement& q, std::int64_t num, std::int64_t den) {
  Outcome o;
  if (den > 0) {  // else nothing to divide by: value 0, not met
    const core::Fraction f{num, den};
    o.fraction = f;
    const bool low = q.at_least && num * 100 < q.at_least->v * den;
    const bool high = q.at_most && num * 100 > q.at_most->v * den;
    o.met = !low && !high;
    std::int64_t shown = f.hundredths_half_up();
    if (low && shown >= q.at_least->v) shown = f.hundredths_down();
    if (high && shown <= q.at_most->v) shown = f.hundredths_up();
    o.value = core::Centi{shown};
  }
  if (!o.met && q.at_least && *q.at_least > o.value) o.remaining = *q.at_least - o.value;
  return o;
}

// Why `e` does not count under `where` (and `where_not` when given): one reason per failed
// test; an empty list when it counts.
std::vector<std::string> entry_failures(const Context& ctx, const rules::Requirement& q,
                                        const domain::Entry& e, const Window& w,
                                        const rules::Where& where, const rules::Where* where_not,
                                        const std::set<std::string>& families) {
  std::vector<std::string> out;
  if (e.voided)
    out.push_back(e.void_reason.empty() ? "voided" : fmt::format("voided: {}", e.void_reason));
  if (e.date > w.until)
    out.push_back(fmt::format("after the evaluation date {}", w.until.iso()));
  else if (w.after && e.date <= *w.after)
    out.push_back(w.why);
  else if (w.before && e.date >= *w.before)
    out.push_back(w.why_before);
  for (auto& f : where_failures(where, e, families, ctx.accredited)) out.push_back(std::move(f));
  if (where_not)
    for (auto& f : where_not_hits(*where_not, e, families, ctx.accredited))
      out.push_back(std::move(f));
  measure_failures(ctx, q.measure, e, out);
  return out;
}

// The size of entry_failures, counted only up to `enough` and without words: collect needs
// to tell apart entries that count, near misses (enough = 2) and the rest, and most entries
// of a person fail several tests of any one requirement (formatting every reason was most
// of an audit).
std::size_t failure_count(const Context& ctx, const rules::Requirement& q, const domain::Entry& e,
                          const Window& w, const rules::Where& where, const rules::Where* where_not,
                          HeldMemo& accredited, TextField distinct, std::size_t enough) {
  std::size_t n = e.voided ? 1 : 0;
  if (!w.contains(e.date)) ++n;
  if (n >= enough) return n;
  n += where_failure_count(where, e, accredited, enough - n);
  if (n >= enough) return n;
  if (where_not) n += where_not_hit_count(*where_not, e, accredited, enough - n);
  if (n >= enough) return n;
  const auto& m = q.measure;
  if (distinct && (e.*distinct).empty()) ++n;
  if (m.kind == MeasureKind::cases && !e.cases) ++n;
  if (m.kind == MeasureKind::units && e.minutes < m.unit_minutes) ++n;
  if (m.kind == MeasureKind::credits) {
    auto it = ctx.credits.find(e.id);
    if (it == ctx.credits.end() || !it->second.rate) ++n;
  }
  return n;
}

// The activity and role pairs (bit activity × roles + role) that no activity or role test
// of `where` rules out; every pair when the vocabulary is too large for the bits.
std::uint64_t pairs_passing(const rules::Where& where) {
  const std::size_t activities = domain::activity_names().size();
  const std::size_t roles = domain::role_names().size();
  if (activities * roles > 64) return ~std::uint64_t{0};
  std::uint32_t activity = ~0U, role = ~0U;
  for (const auto& t : where) {
    if (!t.words) continue;
    if (t.field == rules::Field::activity) activity &= t.words;
    if (t.field == rules::Field::role) role &= t.words;
  }
  std::uint64_t pairs = 0;
  for (std::size_t a = 0; a < activities; ++a)
    for (std::size_t r = 0; r < roles; ++r)
      if ((activity >> a & 1U) && (role >> r & 1U)) pairs |= std::uint64_t{1} << (a * roles + r);
  return pairs;
}

}  // namespace

Collected collect(const Context& ctx, const rules::Requirement& q, const Window& w,
                  const rules::Where& where, const rules::Where* where_not, bool near_misses) {
  Collected c;
  const auto families = accredited_families(ctx.rules, &q);
  HeldMemo held(ctx.accredited, families);
  // Without near misses only the entries that fail nothing matter: stop at the first failure.
  near_misses = near_misses && ctx.listing();
  const std::size_t enough = near_misses ? 2 : 1;
  const TextField distinct =
      q.measure.kind == MeasureKind::distinct ? distinct_field(q.measure.field) : nullptr;
  // Without near misses, an entry of an activity and role that `where` rules out is passed
  // over at once: most entries of a person are group sessions, and most requirements are
  // about something else.
  const std::uint64_t pairs = enough == 1 ? pairs_passing(where) : ~std::uint64_t{0};
  const auto roles = static_cast<unsigned>(domain::role_names().size());
  for (const domain::Entry* e : ctx.entries) {
    const unsigned pair =
        static_cast<unsigned>(e->activity) * roles + static_cast<unsigned>(e->role);
    if (pair < 64 && !(pairs >> pair & 1U)) continue;
    const std::size_t n = failure_count(ctx, q, *e, w, where, where_not, held, distinct, enough);
    if (n == 0) {
      c.counted.push_back(e);
    } else if (n == 1 && near_misses) {
      auto fails = entry_failures(ctx, q, *e, w, where, where_not, families);
      c.near_misses.push_back(NearMiss{e->id, e->date, std::move(fails.at(0))});
    }
  }
  return c;
}

std::vector<const domain::Entry*> between(const std::vector<const domain::Entry*>& entries,
                                          core::Date first, core::Date last) {
  std::vector<const domain::Entry*> out;
  for (const domain::Entry* e : entries)
    if (first <= e->date && e->date <= last) out.push_back(e);
  return out;
}

std::int64_t base_value(const Context& ctx, const rules::Measure& m,
                        const std::vector<const domain::Entry*>& entries) {
  if (m.kind == MeasureKind::distinct) {
    std::set<std::string> seen;
    const TextField field = distinct_field(m.field);
    for (const domain::Entry* e : entries) seen.insert(e->*field);
    seen.erase(std::string{});
    return static_cast<std::int64_t>(seen.size());
  }
  std::int64_t sum = 0;
  for (const domain::Entry* e : entries) {
    switch (m.kind) {
      case MeasureKind::sessions: sum += 1; break;
      case MeasureKind::hours: sum += e->minutes; break;
      case MeasureKind::cases: sum += e->cases.value_or(0); break;
      case MeasureKind::days: sum += e->days.value_or(1); break;
      case MeasureKind::units:
        sum += e->minutes / m.unit_minutes;  // the loader makes unit_minutes ≥ 1
        break;
      case MeasureKind::credits: {
        auto it = ctx.credits.find(e->id);
        if (it != ctx.credits.end()) sum += it->second.credited();
        break;
      }
      case MeasureKind::distinct: break;
    }
  }
  return sum;
}

core::Centi to_centi(const rules::Measure& m, std::int64_t base) {
  if (m.kind == MeasureKind::hours) return core::Centi::from_minutes(base);
  if (m.kind == MeasureKind::credits) return core::Centi{base};
  return core::Centi::whole(base);
}

Outcome outcome(const Context& ctx, const rules::Requirement& q,
                const std::vector<const domain::Entry*>& num,
                const std::vector<const domain::Entry*>* den) {
  std::int64_t base = base_value(ctx, q.measure, num);
  if (den) return share_outcome(q, base, base_value(ctx, q.measure, *den));
  const auto k = q.measure.kind;
  const std::int64_t units = base * per_base(k);
  Outcome o;
  o.value = to_centi(q.measure, base);
  o.met = (!q.at_least || units >= threshold_units(*q.at_least)) &&
          (!q.at_most || units <= threshold_units(*q.at_most));
  if (q.at_least && units < threshold_units(*q.at_least)) {
    std::int64_t need = threshold_units(*q.at_least) - units;
    o.remaining_base = (need + per_base(k) - 1) / per_base(k);
    o.remaining = to_centi(q.measure, o.remaining_base);
  }
  return o;
}

void evaluate_measure(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  out.measure = q.measure.name();
  out.unit_minutes = q.measure.unit_minutes;
  out.share = q.share_of.has_value();
  out.at_least = q.at_least;
  out.at_most = q.at_most;
  if (q.within) out.within = q.within->str();
  if (q.per != rules::Per::none) {
    evaluate_periods(ctx, q, out);
    return;
  }
  Window w{std::nullopt, ctx.as_of, {}, std::nullopt, {}};
  if (q.within) {
    w.after = q.within->before(ctx.as_of);
    w.why = fmt::format("outside the {} window (on or before {})", q.within->str(), w.after->iso());
  }
  if (auto missing = apply_anchors(ctx, q, w, &out)) {
    anchor_missing(ctx, q, *missing, out);
    return;
  }
  Collected c = collect(ctx, q, w, q.where, &q.where_not);
  std::optional<Collected> den;
  if (q.share_of) den = collect(ctx, q, w, *q.share_of, nullptr, false);
  Outcome o = outcome(ctx, q, c.counted, den ? &den->counted : nullptr);
  out.value = o.value;
  out.fraction = o.fraction;
  out.remaining = o.remaining;
  out.status = o.met ? Status::met : Status::not_met;
  if (ctx.listing())
    for (const auto* e : c.counted) out.entries.push_back(e->id);
  out.near_misses = std::move(c.near_misses);
  if (q.measure.kind == MeasureKind::credits) out.caps = cap_removals(ctx, c.counted);
  if (!o.met && !q.share_of && ctx.explain) project(ctx, q, o.remaining_base, out);
}

}  // namespace balint::eval::detail
