// The audit as text: header, people, totals, anomalies, sample.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <sstream>

#include "balint/core/text.hpp"
#include "balint/render/audit.hpp"
#include "balint/render/audit_words.hpp"
#include "balint/render/progress_words.hpp"
#include "balint/render/table.hpp"

namespace balint::render {
namespace {

constexpr std::size_t kEntriesShown = 8;  // entry ids listed per anomaly in text

void write_header_lines(std::ostream& out, const report::AuditReport& r) {
  out << fmt::format("Society audit: {}, {}\n", audit_subject(r), r.body);
  out << fmt::format("Evaluated as of {}; anomalies looked for in {}.\n", r.as_of.iso(),
                     period_text(r.period));
  for (const auto& e : r.editions) {
    out << fmt::format("Edition {} ({}{}): {}", e.id, e.edition, e.in_force ? ", in force" : "",
                       core::plural(e.people, "person", "people"));
    if (e.grandfathered) out << fmt::format(", {} grandfathered", e.grandfathered);
    out << '\n';
  }
  std::size_t anomalies = r.anomalies.size();
  std::size_t with = 0;
  for (const auto& row : r.people) with += row.anomalies > 0 ? 1 : 0;
  if (r.anomalies_only)
    out << fmt::format(
        "{} audited; {} among {}.\n", core::plural(r.people.size(), "person", "people"),
        core::plural(anomalies, "anomaly", "anomalies"), core::plural(with, "person", "people"));
  else
    out << fmt::format(
        "{} audited: {} eligible, {} not yet; {} among {}.\n",
        core::plural(r.people.size(), "person", "people"), r.eligible, r.people.size() - r.eligible,
        core::plural(anomalies, "anomaly", "anomalies"), core::plural(with, "person", "people"));
}

// The header lines, each wrapped to `width` (continuations indented two spaces).
void write_header(std::ostream& out, const report::AuditReport& r, int width) {
  std::ostringstream head;
  write_header_lines(head, r);
  std::istringstream lines(head.str());
  for (std::string line; std::getline(lines, line);) write_wrapped(out, line, 2, width);
}

void write_people(std::ostream& out, const report::AuditReport& r, int width) {
  Table t{{"person", "name", "edition", "eligible"}, {false, false, false, false}, {}};
  bool desirable = false;
  for (const auto& c : r.columns) {
    t.headers.push_back(c.essential ? c.id : c.id + "*");
    t.numeric.push_back(false);
    desirable = desirable || !c.essential;
  }
  for (const char* h : {"anomalies", "still needed", "waived"}) {
    t.headers.emplace_back(h);
    t.numeric.push_back(std::string(h) == "anomalies");
  }
  for (const auto& row : r.people) {
    std::vector<std::string> cells{row.person_id, row.person_name, row.ruleset_id,
                                   row.eligible ? "yes" : "no"};
    for (const auto& col : r.columns) {
      std::string cell;
      for (const auto& c : row.requirements)
        if (c.id == col.id) cell = audit_cell(c);
      cells.push_back(cell);
    }
    cells.push_back(std::to_string(row.anomalies));
    cells.push_back(still_needed_text(row));
    cells.push_back(waived_text(row));
    t.rows.push_back(std::move(cells));
  }
  t.wrap = static_cast<int>(t.headers.size()) - 2;  // still needed
  t.also_wrap = {t.headers.size() - 1};             // waived
  out << "\nPeople\n";
  write_text(out, t, width);
  if (desirable) out << "* desirable: shown, but does not decide eligibility\n";
}

void write_totals(std::ostream& out, const report::AuditReport& r, int width) {
  Table t{
      {"edition", "requirement", "essential", "people", "met", "waived", "n/a", "not met", "total"},
      {false, false, false, true, true, true, true, true, true},
      {}};
  for (const auto& x : r.totals)
    t.rows.push_back({x.ruleset_id, x.id, x.essential ? "yes" : "no", std::to_string(x.people),
                      std::to_string(x.met), std::to_string(x.waived),
                      std::to_string(x.not_applicable), std::to_string(x.not_met),
                      x.value ? quantity(x.unit, x.distinct_field, *x.value) : ""});
  t.keys = 2;
  out << "\nRequirement totals\n";
  write_text(out, t, width);
}

// Counts by kind, most severe first; then each high and medium anomaly on its own line, most
// severe first (by date within a severity); then the low ones (unverified, voided) as one line
// per person with a count, so they do not bury the rest.
void write_anomalies(std::ostream& out, const report::AuditReport& r, int width) {
  Table counts{{"anomaly", "severity", "count", "people"}, {false, false, true, true}, {}};
  auto by_severity = r.anomaly_counts;
  std::stable_sort(by_severity.begin(), by_severity.end(), [](const auto& x, const auto& y) {
    return audit::severity(x.kind) < audit::severity(y.kind);
  });
  for (const auto& c : by_severity)
    counts.rows.push_back({std::string(audit::to_string(c.kind)),
                           std::string(audit::to_string(audit::severity(c.kind))),
                           std::to_string(c.count), std::to_string(c.people)});
  out << "\nAnomalies\n";
  write_text(out, counts, width);
  if (r.anomalies.empty()) return;

  std::vector<const audit::Anomaly*> serious;
  std::vector<std::string> low_people;  // in order of first appearance
  std::map<std::string, std::vector<const audit::Anomaly*>> low;
  for (const auto& a : r.anomalies) {
    if (audit::severity(a.kind) != audit::Severity::low) {
      serious.push_back(&a);
      continue;
    }
    if (!low.count(a.person)) low_people.push_back(a.person);
    low[a.person].push_back(&a);
  }
  std::stable_sort(serious.begin(), serious.end(), [](const auto* x, const auto* y) {
    return audit::severity(x->kind) < audit::severity(y->kind);
  });
  if (!serious.empty()) {
    Table t{{"person", "date", "anomaly", "severity", "entries", "detail"}, {}, {}};
    t.also_wrap = {4};  // the entries, beside the detail
    for (const auto* a : serious)
      t.rows.push_back({a->person, a->date.iso(), std::string(audit::to_string(a->kind)),
                        std::string(audit::to_string(audit::severity(a->kind))),
                        entry_list(a->entries, kEntriesShown), a->detail});
    out << '\n';
    write_text(out, t, width);
  }
  if (low.empty()) return;
  Table t{{"person", "low", "first", "last", "what"}, {false, true, false, false, false}, {}};
  for (const auto& person : low_people) {
    const auto& list = low[person];
    core::Date first = list.front()->date, last = list.front()->date;
    std::map<audit::AnomalyKind, std::pair<std::size_t, std::size_t>> kinds;  // anomalies, entries
    for (const auto* a : list) {
      first = std::min(first, a->date);
      last = std::max(last, a->date);
      kinds[a->kind].first += 1;
      kinds[a->kind].second += a->entries.size();
    }
    std::string what;
    for (const auto& [kind, n] : kinds)
      what += fmt::format("{}{}: {}", what.empty() ? "" : "; ", audit::to_string(kind),
                          core::plural(n.second, "entry", "entries"));
    t.rows.push_back({person, std::to_string(list.size()), first.iso(), last.iso(), what});
  }
  out << "\nLow-severity anomalies, one line per person\n";
  write_text(out, t, width);
}

void write_sample(std::ostream& out, const report::AuditReport& r, int width) {
  const auto& s = *r.sample;
  out << fmt::format("\nAudit sample: {} of {}, seed {}\n", s.people.size(),
                     core::plural(r.people.size(), "person", "people"), s.seed);
  Table t{{"#", "person", "name"}, {true, false, false}, {}};
  for (std::size_t i = 0; i < s.people.size(); ++i)
    t.rows.push_back({std::to_string(i + 1), s.people[i], s.names[i]});
  write_text(out, t, width);
}

}  // namespace

void write_audit_text(std::ostream& out, const report::AuditReport& r, int width) {
  write_header(out, r, width);
  if (!r.anomalies_only && !r.people.empty()) {
    write_people(out, r, width);
    write_totals(out, r, width);
  }
  write_anomalies(out, r, width);
  if (r.sample) write_sample(out, r, width);
}

}  // namespace balint::render
