// Membership, document and accreditation requirements: what the person holds on as_of.
#include <fmt/core.h>

#include "context.hpp"

namespace balint::eval::detail {

void evaluate_membership(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  const domain::Membership* latest = nullptr;
  for (const auto& m : ctx.history.memberships) {
    if (m.body != q.target) continue;
    if (m.covers(ctx.as_of)) {
      out.status = Status::met;
      out.detail = m.to ? fmt::format("member from {} to {}", m.from.iso(), m.to->iso())
                        : fmt::format("member since {}", m.from.iso());
      return;
    }
    if (!latest || latest->from < m.from) latest = &m;
  }
  out.status = Status::not_met;
  if (!latest)
    out.detail = fmt::format("no membership of {} recorded", q.target);
  else if (latest->from > ctx.as_of)
    out.detail = fmt::format("membership of {} starts {}", q.target, latest->from.iso());
  else
    out.detail = fmt::format("membership of {} ended {}", q.target, latest->to->iso());
}

namespace {

// `held_for` on a document: the earliest one counted must be at least that old.
void document_held_for(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  std::optional<core::Date> first;
  for (const auto& d : ctx.history.documents)
    for (auto id : out.documents)
      if (d.id == id && (!first || d.on < *first)) first = d.on;
  if (!first) return;
  out.detail = fmt::format("{} of {}", q.target, first->iso());
  if (*first <= q.held_for->before(ctx.as_of)) return;
  out.status = Status::not_met;
  out.detail +=
      fmt::format("; needs {} (from {})", q.held_for->str(), q.held_for->after(*first).iso());
}

}  // namespace

void evaluate_document(const Context& ctx, const rules::Requirement& q, RequirementResult& out) {
  std::optional<core::Date> after;
  if (q.within) {
    after = q.within->before(ctx.as_of);
    out.within = q.within->str();
  }
  const domain::Document* older = nullptr;
  for (const auto& d : ctx.history.documents) {
    if (d.type != q.target || d.on > ctx.as_of) continue;
    if (after && d.on <= *after) {
      if (!older || older->on < d.on) older = &d;
      continue;
    }
    out.documents.push_back(d.id);
    out.detail = fmt::format("{} of {}", q.target, d.on.iso());
  }
  out.status = out.documents.empty() ? Status::not_met : Status::met;
  if (!out.documents.empty()) {
    if (q.held_for) document_held_for(ctx, q, out);
    return;
  }
  if (older)
    out.detail = fmt::format("the latest {} ({}) is older than {}", q.target, older->on.iso(),
                             q.within->str());
  else
    out.detail = fmt::format("no {} recorded", q.target);
}

void evaluate_accreditation(const Context& ctx, const rules::Requirement& q,
                            RequirementResult& out) {
  std::optional<core::Date> since = ctx.accredited.first_granted(ctx.history.person.id, {q.target});
  for (const auto& a : ctx.history.accreditations)
    if (a.family == q.target && (!since || a.on < *since)) since = a.on;
  out.status = Status::not_met;
  if (!since || *since > ctx.as_of) {
    out.detail = fmt::format("not accredited in {}", q.target);
    return;
  }
  out.detail = fmt::format("accredited in {} since {}", q.target, since->iso());
  if (q.held_for && *since > q.held_for->before(ctx.as_of)) {
    out.detail +=
        fmt::format("; needs {} (from {})", q.held_for->str(), q.held_for->after(*since).iso());
    return;
  }
  out.status = Status::met;
}

}  // namespace balint::eval::detail
