// The audit's PDF pages as text slots: summary with charts, people, anomalies, sample.
#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "balint/render/audit_pages.hpp"
#include "balint/core/quantity.hpp"
#include "balint/render/audit_words.hpp"
#include "balint/render/progress_words.hpp"

namespace balint::render {
namespace {

using Page = std::map<std::string, std::string>;

struct Row {
  std::string heading;
  std::string wide;  // from column 2 to the right margin
  std::array<std::string, kAuditColumns> cells;
  std::array<int, 3> bars{0, 0, 0};  // blocks: grey (whole), red, green
};

std::string blocks(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "\u2588";
  return s;
}

// n of total as blocks of a full bar, at least one for any n > 0.
int share(std::size_t n, std::size_t total) {
  if (n == 0 || total == 0) return 0;
  return std::max(1, static_cast<int>((n * kAuditBarBlocks + total / 2) / total));
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// At most about as many characters as fit the column at full size (the page template lets
// text shrink a little to fit one line).
std::string fit(const std::string& s, double width) {
  const auto budget = static_cast<std::size_t>(width / 4.5);
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (chars++ == budget) return s.substr(0, i) + "…";
  }
  return s;
}

class Pager {
 public:
  void section(std::string title) {
    title_ = std::move(title);
    pages_.push_back({title_, {}});
  }
  void add(Row row) {
    if (pages_.empty() || pages_.back().second.size() == static_cast<std::size_t>(kAuditPageRows))
      pages_.push_back({title_ + " (continued)", {}});
    pages_.back().second.push_back(std::move(row));
  }
  void heading(std::string text) {
    // A heading never ends a page.
    if (!pages_.empty() && pages_.back().second.size() + 2 > static_cast<std::size_t>(kAuditPageRows))
      pages_.push_back({title_ + " (continued)", {}});
    add(Row{std::move(text), {}, {}, {}});
  }
  const std::vector<std::pair<std::string, std::vector<Row>>>& pages() const { return pages_; }

 private:
  std::string title_;
  std::vector<std::pair<std::string, std::vector<Row>>> pages_;
};

Row cells(std::array<std::string, kAuditColumns> c) { return Row{{}, {}, std::move(c), {}}; }

// A label in column 1 and its value from column 2 on.
Row figure(std::string label, std::string value) {
  Row row = cells({"", std::move(label)});
  row.wide = std::move(value);
  return row;
}

void summary(Pager& p, const report::AuditReport& r) {
  p.section("Society audit");
  std::size_t with = 0;
  for (const auto& row : r.people) with += row.anomalies > 0 ? 1 : 0;
  p.add(figure("People audited", std::to_string(r.people.size())));
  if (!r.anomalies_only) {
    p.add(figure("Eligible", std::to_string(r.eligible)));
    p.add(figure("Not yet eligible", std::to_string(r.people.size() - r.eligible)));
  }
  p.add(figure("Anomalies", fmt::format("{} among {}", r.anomalies.size(), plural(with, "person", "people"))));
  if (r.sample)
    p.add(figure("Audit sample", fmt::format("{} people, seed {}", r.sample->people.size(), r.sample->seed)));
  for (const auto& e : r.editions)
    p.add(figure("Edition " + e.id,
                 fmt::format("{}{}: {}{}", e.edition, e.in_force ? ", in force" : "",
                             plural(e.people, "person", "people"),
                             e.grandfathered ? fmt::format(" ({} grandfathered)", e.grandfathered) : "")));
  if (!r.anomalies_only) {
    std::string edition;
    for (const auto& t : r.totals) {
      if (t.ruleset_id != edition) {
        edition = t.ruleset_id;
        p.heading(fmt::format("Requirements of {}: green met or waived, red not met, grey not applicable",
                              edition));
      }
      Row row = cells({"", t.essential ? t.id : t.id + " (desirable)"});
      row.bars = {t.people ? kAuditBarBlocks : 0, share(t.met + t.waived + t.not_met, t.people),
                  share(t.met + t.waived, t.people)};
      std::string text = fmt::format("met {}", t.met);
      if (t.waived) text += fmt::format(", waived {}", t.waived);
      if (t.not_applicable) text += fmt::format(", n/a {}", t.not_applicable);
      text += fmt::format(", not met {}", t.not_met);
      if (t.value) text += fmt::format("; {} in all", quantity(t.unit, t.distinct_field, *t.value));
      row.cells[6] = text;
      p.add(std::move(row));
    }
  }
  p.heading("Anomalies by kind");
  std::size_t most = 0;
  for (const auto& c : r.anomaly_counts) most = std::max(most, c.count);
  for (const auto& c : r.anomaly_counts) {
    Row row = cells({"", std::string(audit::to_string(c.kind))});
    row.bars = {0, share(c.count, most), 0};
    row.cells[6] = fmt::format("{} among {}", c.count, plural(c.people, "person", "people"));
    p.add(std::move(row));
  }
}

void people(Pager& p, const report::AuditReport& r) {
  if (r.anomalies_only || r.people.empty()) return;
  p.section("People");
  p.add(cells({"person", "name", "edition", "eligible", "essential", "anomalies",
               "still needed; waived"}));
  for (const auto& row : r.people) {
    std::size_t essential = 0, met = 0;
    for (const auto& c : row.requirements) {
      if (!c.essential) continue;
      ++essential;
      met += eval::counts_as_met(c.status) ? 1 : 0;
    }
    std::string needed = still_needed_text(row);
    std::string waived = waived_text(row);
    if (!waived.empty()) needed += (needed.empty() ? "waived: " : "; waived: ") + waived;
    p.add(cells({row.person_id, row.person_name, row.ruleset_id, row.eligible ? "yes" : "no",
                 fmt::format("{}/{}", met, essential), std::to_string(row.anomalies), needed}));
  }
}

void anomalies(Pager& p, const report::AuditReport& r) {
  if (r.anomalies.empty()) return;
  p.section("Anomalies");
  p.add(cells({"person", "anomaly", "date", "", "", "", "entries: detail"}));
  std::size_t n = 0;
  for (const auto& a : r.anomalies) {
    if (n++ == kAuditPdfAnomalies) {
      p.add(cells({"", fmt::format("… and {} more", r.anomalies.size() - kAuditPdfAnomalies), "", "",
                   "", "", "all of them: balint audit --anomalies-only --format csv"}));
      break;
    }
    p.add(cells({a.person, std::string(audit::to_string(a.kind)), a.date.iso(), "", "", "",
                 fmt::format("{}: {}", entry_list(a.entries, 6), a.detail)}));
  }
}

void sample(Pager& p, const report::AuditReport& r) {
  if (!r.sample) return;
  const auto& s = *r.sample;
  p.section(fmt::format("Audit sample: {} of {}, seed {}", s.people.size(),
                        plural(r.people.size(), "person", "people"), s.seed));
  for (std::size_t i = 0; i < s.people.size(); ++i)
    p.add(cells({s.people[i], s.names[i], fmt::format("#{}", i + 1)}));
}

}  // namespace

std::string audit_slot(int row, const std::string& part) { return fmt::format("r{}{}", row, part); }

std::vector<std::map<std::string, std::string>> audit_pages(const report::AuditReport& r) {
  Pager p;
  summary(p, r);
  people(p, r);
  anomalies(p, r);
  sample(p, r);
  const auto& pages = p.pages();
  const std::string subtitle =
      fmt::format("{} · evaluated as of {} · anomalies looked for in {}", audit_subject(r),
                  r.as_of.iso(), period_text(r.period));
  std::vector<Page> out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    Page f{{"title", pages[i].first},
           {"subtitle", subtitle},
           {"header", r.body},
           {"footer", fmt::format("Society audit: {}", audit_subject(r))},
           {"page", fmt::format("page {} of {}", i + 1, pages.size())}};
    const auto& rows = pages[i].second;
    for (int k = 0; k < kAuditPageRows; ++k) {
      const Row* row = static_cast<std::size_t>(k) < rows.size() ? &rows[static_cast<std::size_t>(k)] : nullptr;
      f[audit_slot(k, "h")] = row ? fit(row->heading, kAuditRowWidth) : "";
      f[audit_slot(k, "w")] = row ? fit(row->wide, kAuditWideWidth) : "";
      for (int c = 0; c < kAuditColumns; ++c) {
        const auto col = static_cast<std::size_t>(c);
        f[audit_slot(k, fmt::format("c{}", c))] = row ? fit(row->cells[col], kAuditColumnWidth[col]) : "";
      }
      for (int b = 0; b < 3; ++b)
        f[audit_slot(k, fmt::format("bar{}", b))] = row ? blocks(row->bars[static_cast<std::size_t>(b)]) : "";
    }
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// The sessions of one flagged anomaly as the person knows them: "on 2024-05-05 in Thursday
// group, 3 sessions, 25.50 hours"; more than three days or places are summed up as "12
// sessions from D to D in A, B and 2 other places".
std::string sessions_text(const std::vector<report::EvidenceRequest::Session>& sessions) {
  struct Day {
    core::Date date;
    std::string place;
    std::size_t count = 0;
    std::int64_t minutes = 0;
  };
  std::vector<Day> days;
  for (const auto& s : sessions) {
    if (days.empty() || days.back().date != s.date || days.back().place != s.place)
      days.push_back({s.date, s.place, 0, 0});
    ++days.back().count;
    days.back().minutes += s.minutes;
  }
  if (days.empty()) return "no sessions in the ledger";
  if (days.size() <= 3) {
    std::string out;
    for (const auto& d : days)
      out += fmt::format("{}on {} in {}, {}, {} hours", out.empty() ? "" : "; ", d.date.iso(),
                         d.place, plural(d.count, "session", "sessions"),
                         core::hours_str(d.minutes));
    return out;
  }
  std::vector<std::string> places;
  for (const auto& d : days)
    if (std::find(places.begin(), places.end(), d.place) == places.end())
      places.push_back(d.place);
  std::string where;
  const std::size_t shown = std::min<std::size_t>(places.size(), 2);
  for (std::size_t i = 0; i < shown; ++i)
    where += (i == 0 ? "" : (shown == places.size() ? " and " : ", ")) + places[i];
  if (places.size() > shown)
    where += fmt::format(" and {}", plural(places.size() - shown, "other place", "other places"));
  return fmt::format("{} from {} to {} in {}", plural(sessions.size(), "session", "sessions"),
                     days.front().date.iso(), days.back().date.iso(), where);
}

}  // namespace

std::map<std::string, std::string> evidence_fields(const report::EvidenceRequest& q) {
  constexpr std::size_t kFlaggedLines = 8;
  std::string period;
  if (q.period.from)
    period = fmt::format("between {} and {}", q.period.from->iso(), q.as_of.iso());
  else
    period = fmt::format("up to {}", q.as_of.iso());
  std::string totals;
  for (const auto& t : q.totals)
    totals += fmt::format("{}{}, {}: {}, {} hours", totals.empty() ? "" : "\n",
                          domain::to_string(t.activity), domain::to_string(t.role),
                          plural(t.sessions, "session", "sessions"), core::hours_str(t.minutes));
  if (totals.empty()) totals = "no sessions logged in that period";
  std::string flagged;
  if (q.anomalies.empty()) {
    flagged = "The audit found nothing unusual in your entries: this request is routine.";
  } else {
    flagged = "The audit would also like to understand these entries in particular:";
    for (std::size_t i = 0; i < q.anomalies.size() && i < kFlaggedLines; ++i) {
      const auto& a = q.anomalies[i];
      flagged += fmt::format("\n{}: {} ({})", audit::to_string(a.kind), a.detail,
                             i < q.sessions.size() ? sessions_text(q.sessions[i]) : "");
    }
    if (q.anomalies.size() > kFlaggedLines)
      flagged += fmt::format("\n… and {} more", q.anomalies.size() - kFlaggedLines);
  }
  return {{"name", q.person_name},
          {"email", q.email},
          {"person_id", q.person_id},
          {"body", q.body},
          {"date", q.as_of.iso()},
          {"reference", fmt::format("audit {} · seed {} · {} of {}", q.as_of.iso(), q.seed,
                                    q.position, q.sample_size)},
          {"subject", q.subject},
          {"sample_size", std::to_string(q.sample_size)},
          {"audited", std::to_string(q.audited)},
          {"position", std::to_string(q.position)},
          {"seed", std::to_string(q.seed)},
          {"period", period},
          {"totals", totals},
          {"flagged", flagged}};
}

const std::vector<std::string>& evidence_field_names() {
  static const std::vector<std::string> names = {
      "name",     "email", "person_id", "body",   "date",   "reference", "subject",
      "sample_size", "audited", "position", "seed", "period", "totals", "flagged"};
  return names;
}

}  // namespace balint::render
