#include "balint/render/audit_words.hpp"

#include <fmt/core.h>

#include "balint/render/progress_words.hpp"

namespace balint::render {

std::string audit_number(core::Centi v, report::Unit u, bool share) {
  if (!share && report::is_count(u)) return std::to_string(v.v / 100);
  return v.str();
}

std::string audit_cell(const report::AuditCell& c) {
  switch (c.status) {
    case eval::Status::waived: return "waived";
    case eval::Status::not_applicable: return "–";
    default: break;
  }
  std::string mark = status_mark(c.status);
  if (c.unit == report::Unit::none) return mark;
  std::string value = c.share ? fmt::format("{}%", c.value.v) : c.value.short_str();
  if (c.status == eval::Status::not_met && c.at_least)
    value += "/" + (c.share ? fmt::format("{}%", c.at_least->v) : c.at_least->short_str());
  return mark + " " + value;
}

std::string still_needed_text(const report::AuditRow& row) {
  std::string out;
  for (const auto& c : row.requirements) {
    if (!c.essential || c.status != eval::Status::not_met) continue;
    if (!out.empty()) out += "; ";
    out += c.id;
    if (c.still_needed)
      out += " " + (c.share ? fmt::format("{}% more", c.still_needed->v)
                            : quantity(c.unit, c.distinct_field, *c.still_needed));
  }
  return out;
}

std::string waived_text(const report::AuditRow& row) {
  std::string out;
  for (const auto& c : row.requirements)
    if (c.status == eval::Status::waived) out += (out.empty() ? "" : "; ") + c.id;
  return out;
}

std::string period_text(const core::Period& p) {
  if (p.from && p.to) return fmt::format("entries from {} to {}", p.from->iso(), p.to->iso());
  if (p.from) return fmt::format("entries from {}", p.from->iso());
  if (p.to) return fmt::format("entries up to {}", p.to->iso());
  return "all entries";
}

std::string entry_list(const std::vector<std::int64_t>& ids, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < limit; ++i)
    out += (i ? " " : "") + std::to_string(ids[i]);
  if (ids.size() > limit) out += fmt::format(" … (+{} more)", ids.size() - limit);
  return out;
}

std::string audit_subject(const report::AuditReport& r) {
  if (!r.pathway.empty()) return fmt::format("{} (pathway)", r.pathway);
  return fmt::format("{} (rule set)", r.ruleset_id);
}

}  // namespace balint::render
