// `before` / `after`: a measure counts only entries dated before (or on and after) the date of
// one of the person's records: their enrolment in the rule set's family, a document, an
// accreditation. The earliest such record on or before the evaluation date is the anchor.
#include <fmt/core.h>

#include "context.hpp"

namespace balint::eval::detail {
namespace {

using rules::Anchor;

std::optional<core::Date> earliest(std::optional<core::Date> a, core::Date b) {
  return !a || b < *a ? b : *a;
}

std::optional<core::Date> anchor_date(const Context& ctx, const Anchor& a) {
  std::optional<core::Date> on;
  const auto& h = ctx.history;
  switch (a.kind) {
    case Anchor::Kind::enrolment:
      for (const auto& e : h.enrolments)
        if (e.family == ctx.rules.family && e.on <= ctx.as_of) on = earliest(on, e.on);
      break;
    case Anchor::Kind::document:
      for (const auto& d : h.documents)
        if (d.type == a.target && d.on <= ctx.as_of) on = earliest(on, d.on);
      break;
    case Anchor::Kind::accreditation:
      for (const auto& x : h.accreditations)
        if (x.family == a.target && x.on <= ctx.as_of) on = earliest(on, x.on);
      if (auto first = ctx.accredited.first_granted(h.person.id, {a.target});
          first && *first <= ctx.as_of)
        on = earliest(on, *first);
      break;
  }
  return on;
}

// "the enrolment in dbg-leader", "the psychotherapy-qualification document", "the
// accreditation in bbs-leader".
std::string record_words(const Context& ctx, const Anchor& a) {
  switch (a.kind) {
    case Anchor::Kind::enrolment: return fmt::format("the enrolment in {}", ctx.rules.family);
    case Anchor::Kind::document: return fmt::format("the {} document", a.target);
    case Anchor::Kind::accreditation: return fmt::format("the accreditation in {}", a.target);
  }
  return {};
}

std::string missing_words(const Context& ctx, const Anchor& a) {
  switch (a.kind) {
    case Anchor::Kind::enrolment:
      return fmt::format("no enrolment in {} recorded", ctx.rules.family);
    case Anchor::Kind::document: return fmt::format("no {} document recorded", a.target);
    case Anchor::Kind::accreditation: return fmt::format("not accredited in {}", a.target);
  }
  return {};
}

}  // namespace

std::optional<std::string> apply_anchors(const Context& ctx, const rules::Requirement& q, Window& w,
                                         RequirementResult* out) {
  std::optional<std::string> missing;
  if (q.after) {
    auto on = anchor_date(ctx, *q.after);
    if (out) {
      out->after = q.after->str();
      out->after_on = on;
    }
    if (!on) {
      missing = missing_words(ctx, *q.after);
    } else if (!w.after || *w.after < on->add_days(-1)) {
      w.after = on->add_days(-1);
      w.why = fmt::format("before {} ({})", record_words(ctx, *q.after), on->iso());
    }
  }
  if (q.before) {
    auto on = anchor_date(ctx, *q.before);
    if (out) {
      out->before = q.before->str();
      out->before_on = on;
    }
    if (!on && !missing) {
      missing = missing_words(ctx, *q.before);
    } else if (on) {
      w.before = on;
      w.why_before = fmt::format("on or after {} ({})", record_words(ctx, *q.before), on->iso());
    }
  }
  return missing;
}

void anchor_missing(const Context& ctx, const rules::Requirement& q, const std::string& missing,
                    RequirementResult& out) {
  if (q.share_of) {
    out.value = core::Centi{};
    out.remaining = q.at_least.value_or(core::Centi{});
  } else {
    Outcome o = outcome(ctx, q, {}, nullptr);
    out.value = o.value;
    out.remaining = o.remaining;
  }
  out.status = Status::not_met;
  out.detail = missing;
}

}  // namespace balint::eval::detail
