// The audit's PDF pages as text slots: summary with charts, people, anomalies, sample.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <optional>

#include "balint/core/text.hpp"
#include "balint/render/audit_pages.hpp"
#include "balint/core/quantity.hpp"
#include "balint/render/audit_words.hpp"
#include "balint/render/progress_words.hpp"
#include "balint/render/table.hpp"

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

// About as many display columns as fit `width` points of 8.5-point type (4.2 points a
// column); a slot's text is wrapped to this, and the page template shrinks a line that is
// still a little too wide.
int columns_for(double width) { return std::max(1, static_cast<int>(width / 4.2)); }

// `text` wrapped to the columns of `width` points; never cut: a word longer than a line is
// broken across lines.
std::vector<std::string> wrapped(const std::string& text, double width) {
  if (text.empty()) return {};
  return wrap_words(text, columns_for(width));
}

// The rows of a report flowing from page to page: a section starts on the page in hand,
// under a blank row and its heading, when it fits there whole or when its heading, its column
// headers and two of its rows do (else on the next page, under the section's title); a page
// it continues on repeats its column headers. A row whose text is longer than its column
// wraps onto the rows below it, which stay on the same page.
class Pager {
 public:
  void section(std::string title, std::optional<Row> columns = std::nullopt,
               const std::vector<Row>& body = {}) {
    title_ = std::move(title);
    columns_ = std::move(columns);
    std::vector<std::vector<Row>> parts;
    std::size_t all = 1 + (columns_ ? 1 : 0), start = all;
    for (const auto& row : body) {
      parts.push_back(lines(row));
      start += parts.size() <= 2 ? parts.back().size() : 0;
      all += parts.back().size();
    }
    if (pages_.empty() || (room() < all && room() < start + 1)) {
      pages_.push_back({title_, {}});
    } else {
      if (room() > all || room() > start) pages_.back().second.push_back(Row{});  // a blank row
      pages_.back().second.push_back(Row{title_, {}, {}, {}});
    }
    if (columns_) pages_.back().second.push_back(*columns_);
    for (auto& part : parts) place(std::move(part));
  }
  void add(const Row& row) { place(lines(row)); }
  void heading(std::string text) {
    // A heading never ends a page: it comes with the row below it.
    auto head = lines(Row{std::move(text), {}, {}, {}});
    if (room() < head.size() + 1) new_page();
    place(std::move(head));
  }
  const std::vector<std::pair<std::string, std::vector<Row>>>& pages() const { return pages_; }

 private:
  std::size_t room() const {
    return pages_.empty() ? 0
                          : static_cast<std::size_t>(kAuditPageRows) - pages_.back().second.size();
  }
  void new_page() {
    pages_.push_back({title_ + " (continued)", {}});
    if (columns_) pages_.back().second.push_back(*columns_);
  }
  void place(std::vector<Row> rows) {
    if (pages_.empty() ||
        (room() < rows.size() && rows.size() <= static_cast<std::size_t>(kAuditPageRows) - 1))
      new_page();
    for (auto& r : rows) {
      if (room() == 0) new_page();
      pages_.back().second.push_back(std::move(r));
    }
  }
  // One row as the page rows it needs: each slot's text wrapped to its width; bars on the first.
  static std::vector<Row> lines(const Row& row) {
    std::vector<std::vector<std::string>> parts;
    parts.push_back(wrapped(row.heading, kAuditRowWidth));
    parts.push_back(wrapped(row.wide, kAuditWideWidth));
    for (std::size_t c = 0; c < kAuditColumns; ++c)
      parts.push_back(wrapped(row.cells[c], kAuditColumnWidth[c]));
    std::size_t height = 1;
    for (const auto& p : parts) height = std::max(height, p.size());
    std::vector<Row> out(height);
    out[0].bars = row.bars;
    auto at = [&](std::size_t slot, std::size_t i) {
      return i < parts[slot].size() ? parts[slot][i] : std::string();
    };
    for (std::size_t i = 0; i < height; ++i) {
      out[i].heading = at(0, i);
      out[i].wide = at(1, i);
      for (std::size_t c = 0; c < kAuditColumns; ++c) out[i].cells[c] = at(2 + c, i);
    }
    return out;
  }

  std::string title_;
  std::optional<Row> columns_;
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
  p.add(figure("Anomalies", fmt::format("{} among {}", r.anomalies.size(),
                                        core::plural(with, "person", "people"))));
  if (r.sample)
    p.add(figure("Audit sample",
                 fmt::format("{} people, seed {}", r.sample->people.size(), r.sample->seed)));
  for (const auto& e : r.editions)
    p.add(figure(
        "Edition " + e.id,
        fmt::format("{}{}: {}{}", e.edition, e.in_force ? ", in force" : "",
                    core::plural(e.people, "person", "people"),
                    e.grandfathered ? fmt::format(" ({} grandfathered)", e.grandfathered) : "")));
  if (!r.anomalies_only) {
    std::string edition;
    for (const auto& t : r.totals) {
      if (t.ruleset_id != edition) {
        edition = t.ruleset_id;
        p.heading(fmt::format(
            "Requirements of {}: green met or waived, red not met, grey not applicable", edition));
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
      p.add(row);
    }
  }
  p.heading("Anomalies by kind");
  std::size_t most = 0;
  for (const auto& c : r.anomaly_counts) most = std::max(most, c.count);
  for (const auto& c : r.anomaly_counts) {
    Row row = cells({"", std::string(audit::to_string(c.kind))});
    row.bars = {0, share(c.count, most), 0};
    row.cells[6] = fmt::format("{} among {}", c.count, core::plural(c.people, "person", "people"));
    p.add(row);
  }
}

void people(Pager& p, const report::AuditReport& r) {
  if (r.anomalies_only || r.people.empty()) return;
  std::vector<Row> rows;
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
    rows.push_back(
        cells({row.person_id, row.person_name, row.ruleset_id, row.eligible ? "yes" : "no",
               fmt::format("{}/{}", met, essential), std::to_string(row.anomalies), needed}));
  }
  p.section("People",
            cells({"person", "name", "edition", "eligible", "essential", "anomalies",
                   "still needed; waived"}),
            rows);
}

void anomalies(Pager& p, const report::AuditReport& r) {
  if (r.anomalies.empty()) return;
  // Most severe first, as in the text (by date within a severity, as the report has them).
  std::vector<const audit::Anomaly*> sorted;
  for (const auto& a : r.anomalies) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    return audit::severity(x->kind) < audit::severity(y->kind);
  });
  std::vector<Row> rows;
  std::size_t n = 0;
  for (const auto* ap : sorted) {
    const auto& a = *ap;
    if (n++ == kAuditPdfAnomalies) {
      rows.push_back(
          cells({"", fmt::format("… and {} more", r.anomalies.size() - kAuditPdfAnomalies), "", "",
                 "", "", "all of them: balint audit --anomalies-only --format csv"}));
      break;
    }
    rows.push_back(cells({a.person, std::string(audit::to_string(a.kind)), a.date.iso(), "", "", "",
                          fmt::format("{}: {}", entry_list(a.entries, 6), a.detail)}));
  }
  p.section("Anomalies", cells({"person", "anomaly", "date", "", "", "", "entries: detail"}), rows);
}

void sample(Pager& p, const report::AuditReport& r) {
  if (!r.sample) return;
  const auto& s = *r.sample;
  std::vector<Row> rows;
  for (std::size_t i = 0; i < s.people.size(); ++i)
    rows.push_back(cells({s.people[i], s.names[i], fmt::format("#{}", i + 1)}));
  p.section(fmt::format("Audit sample: {} of {}, seed {}", s.people.size(),
                        core::plural(r.people.size(), "person", "people"), s.seed),
            std::nullopt, rows);
}

}  // namespace

std::vector<std::map<std::string, std::string>> audit_pages(const report::AuditReport& r) {
  Pager p;
  summary(p, r);
  people(p, r);
  anomalies(p, r);
  sample(p, r);
  const auto& pages = p.pages();
  const std::string subtitle = fmt::format("{} · evaluated as of {} · anomalies looked for in {}",
                                           audit_subject(r), r.as_of.iso(), period_text(r.period));
  std::vector<Page> out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    Page f{{"title", pages[i].first},
           {"subtitle", subtitle},
           {"header", r.body},
           {"footer", fmt::format("Society audit: {}", audit_subject(r))},
           {"page", fmt::format("page {} of {}", i + 1, pages.size())}};
    const auto& rows = pages[i].second;
    for (int k = 0; k < kAuditPageRows; ++k) {
      const Row* row =
          static_cast<std::size_t>(k) < rows.size() ? &rows[static_cast<std::size_t>(k)] : nullptr;
      f[audit_slot(k, "h")] = row ? row->heading : "";
      f[audit_slot(k, "w")] = row ? row->wide : "";
      for (int c = 0; c < kAuditColumns; ++c) {
        const auto col = static_cast<std::size_t>(c);
        f[audit_slot(k, fmt::format("c{}", c))] = row ? row->cells[col] : "";
      }
      for (int b = 0; b < 3; ++b)
        f[audit_slot(k, fmt::format("bar{}", b))] =
            row ? blocks(row->bars[static_cast<std::size_t>(b)]) : "";
    }
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// "A", "A and B", "A, B and C", "A, B and 2 others": at most three names.
std::string names_text(const std::vector<std::string>& names, const char* others) {
  std::string out;
  const std::size_t shown = names.size() > 3 ? 2 : names.size();
  for (std::size_t i = 0; i < shown; ++i)
    out += (i == 0 ? "" : (i + 1 == names.size() ? " and " : ", ")) + names[i];
  if (names.size() > shown) out += fmt::format(" and {} {}", names.size() - shown, others);
  return out;
}

// The sessions of one flagged anomaly as the person knows them, by date and group (the
// group, else the event, else the activity), not by entry number: "on 2024-05-05 in Sunday
// group and Leadership day, 2 sessions, 13.50 hours"; on more than two days, "12 sessions,
// 18.00 hours, from D to D in A, B and 2 other places".
std::string sessions_text(const std::vector<report::EvidenceRequest::Session>& sessions) {
  if (sessions.empty()) return "no sessions in the ledger";
  std::vector<core::Date> days;
  std::vector<std::string> places;
  std::int64_t minutes = 0;
  for (const auto& s : sessions) {  // by date
    if (days.empty() || days.back() != s.date) days.push_back(s.date);
    if (std::find(places.begin(), places.end(), s.place) == places.end()) places.push_back(s.place);
    minutes += s.minutes;
  }
  const std::string what =
      fmt::format("{}, {} hours", core::plural(sessions.size(), "session", "sessions"),
                  core::hours_str(minutes));
  if (days.size() == 1)
    return fmt::format("on {} in {}, {}", days.front().iso(), names_text(places, "other places"),
                       what);
  if (days.size() == 2)
    return fmt::format("on {} and {} in {}, {}", days.front().iso(), days.back().iso(),
                       names_text(places, "other places"), what);
  return fmt::format("{}, from {} to {} in {}", what, days.front().iso(), days.back().iso(),
                     names_text(places, "other places"));
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
    totals +=
        fmt::format("{}{}, {}: {}, {} hours", totals.empty() ? "" : "\n",
                    domain::to_string(t.activity), domain::to_string(t.role),
                    core::plural(t.sessions, "session", "sessions"), core::hours_str(t.minutes));
  if (totals.empty()) totals = "no sessions logged in that period";
  std::string flagged;
  if (q.anomalies.empty()) {
    flagged = "The audit found nothing unusual in your entries: this request is routine.";
  } else {
    flagged = "The audit would also like to understand these entries in particular:";
    for (std::size_t i = 0; i < q.anomalies.size() && i < kFlaggedLines; ++i) {
      const auto& a = q.anomalies[i];
      flagged += fmt::format(
          "\n{}: {}; {}", audit::to_string(a.kind), a.detail,
          i < q.sessions.size() ? sessions_text(q.sessions[i]) : "no sessions in the ledger");
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
      "name",        "email",   "person_id", "body", "date",   "reference", "subject",
      "sample_size", "audited", "position",  "seed", "period", "totals",    "flagged"};
  return names;
}

}  // namespace balint::render
