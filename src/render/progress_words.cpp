// The words and numbers of the progress text.
#include "balint/render/progress_words.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>

#include "balint/core/text.hpp"
#include "balint/report/progress_words.hpp"

namespace balint::render {
namespace {

using report::period_item;
using report::RequirementView;
using report::Unit;

// The periods in lines of at most `per_line` items, led by "years:" or "months:".
void add_periods(const RequirementView& v, std::vector<std::string>& out) {
  const auto& periods = v.result.periods;
  const std::size_t per_line = v.result.per == "month" ? 6 : 8;
  const std::string lead = v.result.per + "s: ";
  for (std::size_t i = 0; i < periods.size(); i += per_line) {
    std::string line = i == 0 ? lead : std::string(lead.size(), ' ');
    for (std::size_t j = i; j < std::min(periods.size(), i + per_line); ++j)
      line += (j == i ? "" : "  ") + period_item(v, periods[j]);
    out.push_back(line);
  }
}

// One line per kind of cap: the credits removed and where.
void add_caps(const RequirementView& v, std::vector<std::string>& out) {
  for (const std::string kind : {"day", "year"}) {
    const bool day = kind == "day";
    core::Centi removed;
    std::vector<std::string> where;
    for (const auto& c : v.result.caps)
      if (c.cap == kind) {
        removed += c.removed;
        where.push_back(c.period);
      }
    if (where.empty()) continue;
    std::string place = where.size() == 1 ? fmt::format("{} {}", day ? "on" : "in", where[0])
                                          : fmt::format("over {} {}s ({} to {})", where.size(),
                                                        kind, where.front(), where.back());
    out.push_back(fmt::format("the {} cap removed {} {}", day ? "daily" : "yearly",
                              quantity(Unit::credits, "", removed), place));
  }
}

std::string pad_to(const std::string& s, int width, bool right = false) {
  std::string fill(static_cast<std::size_t>(std::max(0, width - core::display_width(s))), ' ');
  return right ? fill + s : s + fill;
}

// Lines of cells with each column padded to its widest cell (column `right` aligned right); the
// last cell is not padded.
std::vector<std::string> aligned(const std::vector<std::vector<std::string>>& rows,
                                 std::size_t right = SIZE_MAX) {
  std::vector<int> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], core::display_width(row[i]));
    }
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += "  ";
      line += i + 1 < row.size() || i == right ? pad_to(row[i], widths[i], i == right) : row[i];
    }
    out.push_back(line);
  }
  return out;
}

// Group, setting and event, those given.
std::string entry_place(const report::EntryLine& e) {
  std::string out;
  for (const auto* part : {&e.group, &e.setting, &e.event})
    if (!part->empty()) out += (out.empty() ? "" : " · ") + *part;
  return out;
}

}  // namespace

std::vector<std::string> detail_lines(const RequirementView& v, bool summarise_misses) {
  const auto& r = v.result;
  const bool waived = r.status == eval::Status::waived;
  const bool applies = r.status != eval::Status::not_applicable;
  std::vector<std::string> out;
  if (waived) out.push_back(report::waiver_line(r));
  if (!applies || (r.kind == rules::Kind::measure && !r.detail.empty())) out.push_back(r.detail);
  if (v.has_pace)
    out.push_back(r.projected ? "at your pace of the last 12 months: met by " + r.projected->iso()
                              : "not at current pace (no progress in the last 12 months)");
  if (!r.periods.empty()) add_periods(v, out);
  add_caps(v, out);
  if (!summarise_misses || waived || !applies || v.not_needed) return out;
  for (const auto& g : v.miss_groups) out.push_back(report::miss_line(g));
  return out;
}

std::vector<std::string> explain_lines(const RequirementView& v) {
  const auto& r = v.result;
  std::vector<std::string> out;
  if (!r.note.empty()) out.push_back("note: " + r.note);
  if (r.kind == rules::Kind::measure) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : v.counted)
      rows.push_back(
          {fmt::format("#{}", e.id), e.date.iso(), core::hours_str(e.minutes) + " h",
           fmt::format("{}, {}", domain::to_string(e.activity), domain::to_string(e.role)),
           entry_place(e)});
    out.emplace_back(rows.empty() ? "counted: none" : "counted:");
    for (auto& line : aligned(rows, 2)) out.push_back("  " + line);
  }
  if (!v.notable_misses.empty()) {
    out.emplace_back("did not count:");
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : v.notable_misses)
      rows.push_back({fmt::format("#{}", m.entry), m.date.iso(), m.reason});
    for (auto& line : aligned(rows)) out.push_back("  " + line);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> header_fields(const report::ProgressReport& r) {
  std::vector<std::pair<std::string, std::string>> out = {
      {"Person", fmt::format("{} ({})", r.person_name, r.person_id)},
      {"Rule set", report::title_with_english(r.title, r.title_en)},
      {"Edition", r.edition},
      {"Body", r.body},
      {"Id", r.ruleset_id},
  };
  if (r.pathway) {
    const auto& p = *r.pathway;
    std::string enrolled = p.enrolled_on ? "enrolled " + p.enrolled_on->iso() : "not enrolled";
    std::string which = p.grandfathered
                            ? fmt::format("grandfathered (the edition in force is {})", p.in_force)
                            : "the edition in force";
    out.emplace_back("Pathway", fmt::format("{}, {}: {}", p.family, enrolled, which));
  }
  out.emplace_back("As of", r.as_of.iso());
  return out;
}

}  // namespace balint::render
