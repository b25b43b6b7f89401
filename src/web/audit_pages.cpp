// The society audit in the browser (secretary and auditor): everyone's standing with filters,
// the anomalies most severe first with the entries behind each, the seeded audit sample and its
// evidence-request letters, and the audit as CSV, JSON and PDF. Every figure comes from
// service::audit, as `balint audit` computes it; the downloads are the bytes the command writes
// for the same options and day.
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "audit_pages.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "balint/render/audit.hpp"
#include "balint/render/audit_words.hpp"
#include "balint/service/audit.hpp"
#include "balint/service/errors.hpp"
#include "pages.hpp"

namespace balint::web {
namespace {

constexpr std::size_t kAnomaliesShown = 200;  // the CSV of the anomalies holds them all
constexpr std::size_t kEntriesShown = 10;     // of each anomaly
constexpr std::size_t kQueryField = 200;      // longest text field kept from a query

// What an audit is asked for, from the query: the same for the pages, the downloads and the
// letters, so that each link carries the audit it was made from.
struct Ask {
  std::string of;                      ///< "pathway:FAMILY" or "rules:ID"
  std::string from, to, sample, seed;  ///< as given
  service::AuditRequest request;
  std::string problem;  ///< what is wrong with the query, for the reader; "" when sound
};

std::string field(const Call& c, const char* name) {
  return std::string(core::trim(c.param(name).substr(0, kQueryField)));
}

Ask ask_of(const Call& c, bool anomalies_only) {
  Ask a;
  a.of = field(c, "of");
  if (a.of.empty() && !c.env.catalogue.families().empty())
    a.of = "pathway:" + c.env.catalogue.families().front();
  a.from = field(c, "from");
  a.to = field(c, "to");
  a.sample = field(c, "sample");
  a.seed = field(c, "seed");
  std::string pathway, rules;
  if (a.of.rfind("pathway:", 0) == 0)
    pathway = a.of.substr(8);
  else if (a.of.rfind("rules:", 0) == 0)
    rules = a.of.substr(6);
  core::Period period;
  if (a.from.size()) period.from = core::Date::parse(a.from);
  if (a.to.size()) period.to = core::Date::parse(a.to);
  if (pathway.empty() == rules.empty())
    a.problem = tr("Choose a pathway or a rule set.");
  else if (a.from.size() && !period.from)
    a.problem = tr("The first day is not a date (YYYY-MM-DD).");
  else if (a.to.size() && !period.to)
    a.problem = tr("The last day is not a date (YYYY-MM-DD).");
  else if (period.from && period.to && *period.to < *period.from)
    a.problem = tr("The last day is before the first.");
  if (a.sample.size()) {
    auto n = core::parse_count(a.sample);
    if (!n || *n < 1)
      a.problem = tr("The sample size is not a whole number of people.");
    else
      a.request.sample = static_cast<std::size_t>(*n);
    if (a.seed.size()) {
      a.request.seed = service::parse_seed(a.seed);
      if (!a.request.seed)
        a.problem = tr("The seed is not a whole number from 0 to 18446744073709551615.");
    }
  }
  if (a.problem.empty())
    a.request.options = service::audit_options(pathway, rules, period, anomalies_only, c.today);
  a.request.letters_date = c.today;
  return a;
}

// The query that asks for the same audit (and sample).
httplib::Params audit_params(const Ask& a) {
  httplib::Params p{{"of", a.of}};
  for (const auto& [k, v] : {std::pair{"from", a.from}, std::pair{"to", a.to},
                             std::pair{"sample", a.sample}, std::pair{"seed", a.seed}})
    if (!v.empty()) p.emplace(k, v);
  return p;
}

std::string link(const std::string& path, const Ask& a, const httplib::Params& more = {}) {
  auto p = audit_params(a);
  p.insert(more.begin(), more.end());
  return httplib::append_query_params(path, p);
}

// The pathways and rule sets to choose from, `of` marked.
mstch::array subjects(const Call& c, const std::string& of) {
  mstch::array out;
  for (const auto& f : c.env.catalogue.families())
    out.push_back(mstch::map{{"value", "pathway:" + f},
                             {"label", fmt::format("{} ({})", f, tr("pathway"))},
                             {"selected", of == "pathway:" + f}});
  for (const auto& r : c.env.catalogue.all())
    out.push_back(mstch::map{{"value", "rules:" + r.id},
                             {"label", fmt::format("{} ({})", r.id, tr("rule set"))},
                             {"selected", of == "rules:" + r.id}});
  return out;
}

std::string standing_label(const std::string& s) {
  if (s == "eligible") return tr("eligible");
  if (s == "not-eligible") return tr("not eligible");
  if (s == "anomalies") return tr("with anomalies");
  if (s == "sample") return tr("in the sample");
  return s;
}

std::string severity_label(audit::Severity s) {
  switch (s) {
    case audit::Severity::high: return tr("high");
    case audit::Severity::medium: return tr("medium");
    case audit::Severity::low: return tr("low");
  }
  return "";
}

// The form's fields and choices, shared by the page and its error.
mstch::map form_data(const Call& c, const Ask& a) {
  return mstch::map{{"subjects", subjects(c, a.of)},
                    {"from", a.from},
                    {"to", a.to},
                    {"sample", a.sample},
                    {"seed", a.seed},
                    {"of", a.of}};
}

void send_problem(Call& c, const Ask& a, const std::string& title, const std::string& problem) {
  auto data = form_data(c, a);
  data["problem"] = problem;
  data["standings"] = mstch::array{};
  send_page(c, "audit", title, std::move(data), 400);
}

// The audit asked for; false (with the page saying why) when it cannot be made.
bool run(Call& c, const Ask& a, const std::string& title, service::AuditResult& out) {
  if (!a.problem.empty()) {
    send_problem(c, a, title, a.problem);
    return false;
  }
  try {
    out = service::audit(c.ledger, c.env.catalogue, a.request);
    return true;
  } catch (const core::UsageError& e) {  // an unknown pathway or rule set, none in force
    send_problem(c, a, title, e.what());
    return false;
  }
}

mstch::array people_rows(const report::AuditReport& r,
                         const std::vector<const report::AuditRow*>& rows, const Ask& a) {
  mstch::array out;
  for (const auto* row : rows) {
    mstch::array cells;
    for (const auto& col : r.columns) {
      std::string text;
      for (const auto& cell : row->requirements)
        if (cell.id == col.id) text = render::audit_cell(cell);
      cells.push_back(mstch::map{{"id", col.id}, {"text", text}});
    }
    const std::string standing = !row->evaluated ? "" : row->eligible ? "eligible" : "not-eligible";
    out.push_back(mstch::map{
        {"person", row->person_id},
        {"name", row->person_name},
        {"ruleset", row->ruleset_id},
        {"grandfathered", row->grandfathered},
        {"standing", standing},
        {"standing_text", standing.empty() ? tr("not evaluated") : standing_label(standing)},
        {"cells", cells},
        {"needed", render::still_needed_text(*row)},
        {"waived", render::waived_text(*row)},
        {"anomalies", row->anomalies ? std::to_string(row->anomalies) : std::string()},
        {"anomalies_href", link("/audit/anomalies", a, {{"q", row->person_id}})},
        {"sample_position",
         row->sample_position ? std::to_string(*row->sample_position) : std::string()},
    });
  }
  return out;
}

mstch::array edition_rows(const report::AuditReport& r) {
  mstch::array out;
  for (const auto& e : r.editions)
    out.push_back(mstch::map{{"id", e.id},
                             {"title", e.title},
                             {"edition", e.edition},
                             {"in_force", e.in_force},
                             {"people", std::to_string(e.people)},
                             {"grandfathered", std::to_string(e.grandfathered)}});
  return out;
}

mstch::array total_rows(const report::AuditReport& r) {
  mstch::array out;
  for (const auto& t : r.totals)
    out.push_back(mstch::map{{"ruleset", t.ruleset_id},
                             {"id", t.id},
                             {"title", t.title},
                             {"essential", t.essential},
                             {"people", std::to_string(t.people)},
                             {"met", std::to_string(t.met)},
                             {"waived", std::to_string(t.waived)},
                             {"not_applicable", std::to_string(t.not_applicable)},
                             {"not_met", std::to_string(t.not_met)}});
  return out;
}

mstch::map sample_view(const report::AuditReport& r, const Ask& a) {
  mstch::array people;
  if (r.sample)
    for (std::size_t i = 0; i < r.sample->people.size(); ++i)
      people.push_back(
          mstch::map{{"position", std::to_string(i + 1)},
                     {"person", r.sample->people[i]},
                     {"name", i < r.sample->names.size() ? r.sample->names[i] : std::string()},
                     {"letter", link("/audit/letters/" + r.sample->people[i], a)}});
  return mstch::map{{"seed", r.sample ? std::to_string(r.sample->seed) : std::string()},
                    {"drawn", std::to_string(people.size())},
                    {"people", people}};
}

mstch::map summary(const report::AuditReport& r, const Ask& a) {
  return mstch::map{
      {"subject", render::audit_subject(r)},
      {"body", r.body},
      {"as_of", r.as_of.iso()},
      {"period_from", r.period.from ? r.period.from->iso() : std::string()},
      {"period_to", r.period.to ? r.period.to->iso() : std::string()},
      {"audited", std::to_string(r.people.size())},
      {"eligible", std::to_string(r.eligible)},
      {"anomalies", std::to_string(r.anomalies.size())},
      {"csv", link("/audit.csv", a)},
      {"json", link("/audit.json", a)},
      {"pdf", link("/audit.pdf", a)},
      {"anomalies_csv", link("/audit.csv", a, {{"anomalies_only", "1"}})},
      {"anomalies_href", link("/audit/anomalies", a)},
      {"people_href", link("/audit", a)},
  };
}

void audit_page(Call& c) {
  const std::string title = tr("Audit");
  Ask a = ask_of(c, false);
  if (a.problem.empty() && a.request.sample && !a.request.seed) {
    // A fresh seed, in the address: the page, its downloads and letters draw the same people.
    a.seed = std::to_string(service::fresh_seed());
    httplib::Params more;
    for (const char* k : {"q", "standing"})
      if (!field(c, k).empty()) more.emplace(k, field(c, k));
    return redirect(c, link("/audit", a, more));
  }
  service::AuditResult result;
  if (!run(c, a, title, result)) return;
  const auto& r = result.report;
  service::AuditFilter filter{field(c, "q"), field(c, "standing")};
  const auto& known = service::audit_standings();
  if (std::find(known.begin(), known.end(), filter.standing) == known.end())
    filter.standing.clear();
  const auto rows = service::audit_rows(r, filter);
  mstch::array standings, columns;
  for (const auto& s : known)
    standings.push_back(
        mstch::map{{"value", s}, {"label", standing_label(s)}, {"selected", s == filter.standing}});
  for (const auto& col : r.columns)
    columns.push_back(
        mstch::map{{"id", col.id}, {"title", col.title}, {"essential", col.essential}});
  auto data = form_data(c, a);
  data.insert({{"report", summary(r, a)},
               {"q", filter.text},
               {"any", filter.standing.empty()},
               {"standings", standings},
               {"columns", columns},
               {"rows", people_rows(r, rows, a)},
               {"has_rows", !rows.empty()},
               {"shown", std::to_string(rows.size())},
               {"editions", edition_rows(r)},
               {"totals", total_rows(r)},
               {"has_totals", !r.totals.empty()},
               {"has_sample", r.sample.has_value()},
               {"sample_view", sample_view(r, a)}});
  send_page(c, "audit", title, std::move(data));
}

std::string entry_text(const domain::Entry& e) {
  std::string s = fmt::format("{} · {}, {} · {} {}", e.date.iso(), domain::to_string(e.activity),
                              domain::to_string(e.role), core::hours_str(e.minutes), tr("hours"));
  if (!e.group.empty())
    s += " · " + e.group;
  else if (!e.event.empty())
    s += " · " + e.event;
  return s;
}

void anomalies_page(Call& c) {
  const std::string title = tr("Audit anomalies");
  const Ask a = ask_of(c, false);
  service::AuditResult result;
  if (!run(c, a, title, result)) return;
  const auto& r = result.report;
  const std::string q = field(c, "q");
  // One person's anomalies (from the people table's link) or everyone's.
  report::AuditReport shown_of;
  const report::AuditReport* source = &r;
  if (!q.empty()) {
    for (const auto& an : r.anomalies)
      if (an.person == q) shown_of.anomalies.push_back(an);
    source = &shown_of;
  }
  const auto list =
      service::anomalies_by_severity(c.ledger, *source, kAnomaliesShown, kEntriesShown);
  std::map<std::string, std::string> names;
  for (const auto& row : r.people) names[row.person_id] = row.person_name;
  mstch::array counts, rows;
  auto by_severity = r.anomaly_counts;  // most severe first, as `balint audit` prints them
  std::stable_sort(by_severity.begin(), by_severity.end(), [](const auto& x, const auto& y) {
    return audit::severity(x.kind) < audit::severity(y.kind);
  });
  for (const auto& k : by_severity)
    counts.push_back(mstch::map{{"kind", std::string(audit::to_string(k.kind))},
                                {"severity", severity_label(audit::severity(k.kind))},
                                {"count", std::to_string(k.count)},
                                {"people", std::to_string(k.people)}});
  for (const auto& item : list) {
    const auto& an = item.anomaly;
    mstch::array entries;
    for (const auto& e : item.entries)
      entries.push_back(mstch::map{{"id", std::to_string(e.id)},
                                   {"text", entry_text(e)},
                                   {"voided", e.voided},
                                   {"void_reason", e.void_reason},
                                   {"verified_by", e.verified_by}});
    const auto sev = audit::severity(an.kind);
    rows.push_back(mstch::map{{"severity", std::string(audit::to_string(sev))},
                              {"severity_text", severity_label(sev)},
                              {"kind", std::string(audit::to_string(an.kind))},
                              {"person", an.person},
                              {"name", names.count(an.person) ? names[an.person] : std::string()},
                              {"date", an.date.iso()},
                              {"detail", an.detail},
                              {"entries", entries},
                              {"more", item.more ? std::to_string(item.more) : std::string()}});
  }
  auto data = form_data(c, a);
  data.insert({{"report", summary(r, a)},
               {"q", q},
               {"counts", counts},
               {"rows", rows},
               {"has_rows", !rows.empty()},
               {"shown", std::to_string(rows.size())},
               {"matched", std::to_string(source->anomalies.size())},
               {"cut", source->anomalies.size() > rows.size()}});
  send_page(c, "audit_anomalies", title, std::move(data));
}

// A file name's part: letters, digits, '.', '-' and '_' kept, anything else '_'.
std::string file_part(const std::string& s) {
  std::string out;
  for (char ch : s)
    out +=
        (std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '.' || ch == '-' || ch == '_')
            ? ch
            : '_';
  return out;
}

// "audit-bbs-leader" or "audit-cpd-uk", for a file name.
std::string file_stem(const report::AuditReport& r) {
  return "audit-" + file_part(r.pathway.empty() ? r.ruleset_id : r.pathway);
}

void download(Call& c) {
  // As `balint audit --anomalies-only`: no evaluation, the anomalies alone.
  const bool anomalies_only = c.param("anomalies_only") == "1";
  const Ask a = ask_of(c, anomalies_only);
  service::AuditResult result;
  if (!run(c, a, tr("Audit"), result)) return;
  const auto& r = result.report;
  std::ostringstream out;
  std::string type, ext;
  switch (c.route.id) {
    case RouteId::audit_csv:
      render::write_audit_csv(out, r);
      type = "text/csv; charset=utf-8";
      ext = ".csv";
      break;
    case RouteId::audit_json:
      render::write_audit_json(out, r);
      type = "application/json";
      ext = ".json";
      break;
    default:
      out << service::audit_report_pdf(r, c.env.options.templates_dirs);
      type = "application/pdf";
      ext = ".pdf";
      break;
  }
  c.res.set_header("Content-Disposition",
                   fmt::format("attachment; filename=\"{}{}{}\"", file_stem(r),
                               anomalies_only ? "-anomalies" : "", ext));
  c.res.set_content(out.str(), type);
}

void letter(Call& c) {
  const Ask a = ask_of(c, false);
  if (a.problem.empty() && !a.request.sample)
    return send_page(c, "error", tr("Not possible"),
                     {{"message", tr("A letter goes with an audit sample: draw one first.")}}, 400);
  service::AuditResult result;
  if (!run(c, a, tr("Audit"), result)) return;
  try {
    auto bytes = service::evidence_letter_pdf(c.ledger, result.report, c.segment,
                                              c.env.options.templates_dirs, c.today);
    c.res.set_header(
        "Content-Disposition",
        fmt::format("attachment; filename=\"evidence-request-{}.pdf\"", file_part(c.segment)));
    c.res.set_content(bytes, "application/pdf");
  } catch (const service::NotFound&) {
    send_page(c, "error", tr("Not possible"),
              {{"message", tr("This person is not in the audit sample.")}}, 404);
  }
}

}  // namespace

void handle_audit_page(Call& c) {
  switch (c.route.id) {
    case RouteId::audit_page: return audit_page(c);
    case RouteId::audit_anomalies: return anomalies_page(c);
    case RouteId::audit_csv:
    case RouteId::audit_json:
    case RouteId::audit_pdf: return download(c);
    case RouteId::audit_letter: return letter(c);
    default: throw core::InternalError("not an audit page");
  }
}

}  // namespace balint::web
