// The evaluation of a rule set: each top-level requirement with its parts nested, then
// `when`, waivers and the verdict.
#include <fmt/core.h>

#include <algorithm>

#include "balint/core/error.hpp"
#include "balint/eval/evaluation.hpp"
#include "context.hpp"

namespace balint::eval {
namespace detail {
namespace {

constexpr int kMaxDepth = 64;  // the loader refuses cycles; this guards hand-built rule sets

RequirementResult evaluate_requirement(const Context& ctx, const rules::Requirement& q, int depth);

void evaluate_parts(const Context& ctx, const rules::Requirement& q, RequirementResult& out,
                    int depth) {
  out.children.reserve(q.children.size());
  for (const auto& id : q.children) {
    const rules::Requirement* child = ctx.rules.find(id);
    if (!child)
      throw core::InternalError(fmt::format("requirement '{}' names undefined '{}'", q.id, id));
    out.children.push_back(evaluate_requirement(ctx, *child, depth + 1));
  }
  bool met = false;
  if (q.kind == rules::Kind::all_of) {
    // Not-applicable parts count as met; desirable parts do not decide.
    met = std::all_of(out.children.begin(), out.children.end(),
                      [](const auto& c) { return !c.essential || counts_as_met(c.status); });
  } else {
    // Inside any_of, a part that does not apply is not a way of meeting it.
    met = std::any_of(out.children.begin(), out.children.end(), [](const auto& c) {
      return c.status == Status::met || c.status == Status::waived;
    });
  }
  out.status = met ? Status::met : Status::not_met;
}

void apply_when(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  if (requirement_applies(q, ctx.history.person)) return;
  const auto& attrs = ctx.history.person.attrs;
  auto it = attrs.find(q.when->attribute);
  out.status = Status::not_applicable;
  out.detail = fmt::format("applies only when {} = {} (here: {})", q.when->attribute,
                           q.when->equals, it == attrs.end() ? "not set" : it->second);
}

void apply_waiver(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  for (const auto& w : ctx.history.waivers) {
    if (w.ruleset != ctx.rules.id || w.requirement != q.id || w.on > ctx.as_of) continue;
    out.status = Status::waived;
    out.waiver_reason = w.reason;
    out.waived_by = w.by;
    out.waived_on = w.on;
    return;
  }
}

RequirementResult evaluate_requirement(const Context& ctx, const rules::Requirement& q, int depth) {
  if (depth > kMaxDepth)
    throw core::InternalError(fmt::format("requirement '{}' nests too deeply", q.id));
  RequirementResult out;
  out.id = q.id;
  out.title = q.title;
  out.title_en = q.title_en;
  out.note = q.note;
  out.essential = q.essential;
  out.kind = q.kind;
  switch (q.kind) {
    case rules::Kind::measure: evaluate_measure(ctx, q, out); break;
    case rules::Kind::membership: evaluate_membership(ctx, q, out); break;
    case rules::Kind::document: evaluate_document(ctx, q, out); break;
    case rules::Kind::accreditation: evaluate_accreditation(ctx, q, out); break;
    case rules::Kind::all_of:
    case rules::Kind::any_of: evaluate_parts(ctx, q, out, depth); break;
  }
  apply_when(ctx, q, out);
  apply_waiver(ctx, q, out);
  if (out.status != Status::not_met) {
    out.remaining = core::Centi{};
    out.projected.reset();
  }
  return out;
}

}  // namespace

Context make_context(const rules::RuleSet& rules, const domain::PersonHistory& history,
                     const domain::AccreditationIndex& accredited, core::Date as_of) {
  Context ctx{rules, history, accredited, as_of, {}, {}};
  ctx.entries.reserve(history.entries.size());
  for (const auto& e : history.entries) ctx.entries.push_back(&e);
  auto earlier = [](const auto* a, const auto* b) {
    return a->date != b->date ? a->date < b->date : a->id < b->id;
  };
  // A history usually comes in that order already (PersonHistory::entries).
  if (!std::is_sorted(ctx.entries.begin(), ctx.entries.end(), earlier))
    std::stable_sort(ctx.entries.begin(), ctx.entries.end(), earlier);
  ctx.credits = compute_credits(rules, ctx.entries, as_of, accredited);
  return ctx;
}

}  // namespace detail

std::string_view to_string(Status s) {
  switch (s) {
    case Status::met: return "met";
    case Status::not_met: return "not-met";
    case Status::not_applicable: return "not-applicable";
    case Status::waived: return "waived";
  }
  return "not-met";
}

bool counts_as_met(Status s) { return s != Status::not_met; }

std::string_view to_string(PeriodStatus s) {
  switch (s) {
    case PeriodStatus::met: return "met";
    case PeriodStatus::not_met: return "not-met";
    case PeriodStatus::in_progress: return "in-progress";
  }
  return "not-met";
}

Evaluation evaluate(const rules::RuleSet& rules, const domain::PersonHistory& history,
                    const domain::AccreditationIndex& accredited, core::Date as_of,
                    Explain explain) {
  detail::Context ctx = detail::make_context(rules, history, accredited, as_of);
  ctx.explain = explain != Explain::verdicts;
  ctx.lists = explain == Explain::full;
  Evaluation ev;
  ev.ruleset_id = rules.id;
  ev.family = rules.family;
  ev.title = rules.title;
  ev.title_en = rules.title_en;
  ev.edition = rules.edition;
  ev.kind = rules.kind;
  ev.body = rules.body;
  ev.person_id = history.person.id;
  ev.person_name = history.person.name;
  ev.as_of = as_of;
  ev.requirements.reserve(
      static_cast<std::size_t>(std::count_if(rules.requirements.begin(), rules.requirements.end(),
                                             [](const auto& q) { return q.top_level; })));
  for (const auto& q : rules.requirements)
    if (q.top_level) ev.requirements.push_back(detail::evaluate_requirement(ctx, q, 0));
  ev.eligible = std::all_of(ev.requirements.begin(), ev.requirements.end(),
                            [](const auto& r) { return !r.essential || counts_as_met(r.status); });
  return ev;
}

}  // namespace balint::eval
