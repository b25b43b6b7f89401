// The HTML pages: login, invitation, the member's dashboard, logging, voiding, downloads, the
// leader's groups, and the public /verify.
#include <fmt/core.h>

#include <sstream>

#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "balint/render/progress.hpp"
#include "balint/render/progress_words.hpp"
#include "balint/service/accounts.hpp"
#include "balint/service/certificates.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/groups.hpp"
#include "balint/service/progress.hpp"
#include "balint/service/verify.hpp"
#include "figures.hpp"
#include "pages.hpp"
#include "svg.hpp"
#include "web.hpp"

namespace balint::web {

void redirect(Call& c, const std::string& to) {
  c.res.status = 303;
  c.res.set_header("Location", to);
}

mstch::array choices(const std::vector<std::string_view>& values, const std::string& selected) {
  mstch::array out;
  for (auto v : values)
    out.push_back(mstch::map{{"value", std::string(v)},
                             {"label", vocab_text(v)},
                             {"selected", std::string(v) == selected}});
  return out;
}

mstch::map entry_row(const domain::Entry& e, const std::string& me) {
  return mstch::map{
      {"id", std::to_string(e.id)},
      {"date", date_text(e.date)},
      {"activity", vocab_text(domain::to_string(e.activity))},
      {"role", vocab_text(domain::to_string(e.role))},
      {"hours", hours_text(e.minutes)},
      {"group", e.group},
      {"person", e.person},
      {"verified_by", e.verified_by},
      {"voided", e.voided},
      {"void_reason", e.void_reason},
      {"may_void", !e.voided && e.verified_by.empty() && e.person == me},
  };
}

std::string done_message(const Call& c) {
  const std::string done = c.param("done");
  if (done == "logged") return tr("The session was logged.");
  if (done == "voided") return tr("The entry was voided.");
  if (done == "confirmed") return tr("The entry was confirmed.");
  if (done == "revoked") return tr("The certificate was revoked.");
  return "";
}

namespace {

// The status word of a requirement, in the reader's language.
std::string status_label(const report::RequirementView& v) {
  if (v.not_needed) return tr("not needed");
  switch (v.result.status) {
    case eval::Status::met: return tr("met");
    case eval::Status::not_met: return tr("not met");
    case eval::Status::not_applicable: return tr("not applicable");
    case eval::Status::waived: return tr("waived");
  }
  return {};
}

// The requirements and their parts, flattened in order (a part one level deeper); titles in the
// page's language where the rule file `rs` gives one.
void requirement_rows(const std::vector<report::RequirementView>& reqs, const rules::RuleSet& rs,
                      mstch::array& out) {
  for (const auto& r : reqs) {
    const auto& res = r.result;
    const rules::Requirement* q = rs.find(res.id);
    const std::string& title = q ? q->title_in(current_language()) : res.title;
    // The status column says waived, not applicable and not needed already.
    const bool plain =
        res.status != eval::Status::waived && res.status != eval::Status::not_applicable;
    const std::string amount = plain ? amount_words(r) : std::string();
    out.push_back(mstch::map{
        {"title", title},
        {"depth", std::to_string(std::min(r.depth, 3))},
        {"status",
         r.not_needed ? std::string("not-needed") : std::string(eval::to_string(res.status))},
        {"status_text", status_label(r)},
        {"figures", amount},
        {"needed", r.not_needed ? std::string() : needed_words(r)},
        {"projected",
         r.has_pace && res.projected ? date_text(*res.projected, true) : std::string()},
        {"bar",
         res.at_least && !r.not_needed
             ? bar_svg(res.value.as_double(), res.at_least->as_double(), title + ": " + amount)
             : std::string()},
    });
    requirement_rows(r.children, rs, out);
  }
}

// `full`: with the full report as text (every session that counted or nearly did: most of a
// long history's page, so shown when asked for, `?report=full`).
mstch::map progress_view(const report::ProgressReport& report, const rules::RuleSet& rs,
                         const std::vector<domain::Entry>& entries, const std::string& family,
                         bool full) {
  std::ostringstream text;
  if (full) render::write_progress_text(text, report, true);
  return mstch::map{
      {"family", family},
      {"title", rs.title_in(current_language())},
      {"eligible", report.eligible},
      {"requirements",
       [&] {
         mstch::array rows;
         requirement_rows(report.requirements, rs, rows);
         return rows;
       }()},
      {"text", text.str()},
      {"chart", hours_chart_svg(entries, report.as_of)},
  };
}

// `enrolments`: the person's (their history's).
std::vector<std::string> pathways_of(const Call& c,
                                     const std::vector<domain::Enrolment>& enrolments) {
  std::vector<std::string> out;
  std::string asked = c.param("pathway");
  if (!asked.empty()) out.push_back(asked);
  for (const auto& e : enrolments)
    if (std::find(out.begin(), out.end(), e.family) == out.end()) out.push_back(e.family);
  return out;
}

constexpr std::size_t kRecentEntries = 20;  // the dashboard lists these unless asked for all
constexpr int kNewCertificateDays = 30;     // a certificate this recent is announced

// `entries`: every entry of `me`, voided ones too, oldest first (PersonHistory::entries).
mstch::map entries_view(const Call& c, const std::string& me,
                        std::vector<domain::Entry> entries_of_me) {
  auto listed = service::list_entries(std::move(entries_of_me));
  const bool all = c.param("entries") == "all";
  mstch::array entries, totals;
  for (auto e = listed.entries.rbegin(); e != listed.entries.rend(); ++e) {  // newest first
    if (!all && entries.size() == kRecentEntries) break;
    entries.push_back(entry_row(*e, me));
  }
  for (const auto& t : listed.by_kind)
    totals.push_back(mstch::map{{"activity", vocab_text(domain::to_string(t.activity))},
                                {"role", vocab_text(domain::to_string(t.role))},
                                {"sessions", std::to_string(t.totals.sessions)},
                                {"hours", hours_text(t.totals.minutes)}});
  return {{"entries", entries},
          {"totals", totals},
          {"has_entries", !entries.empty()},
          {"more_entries", all || listed.entries.size() <= kRecentEntries
                               ? std::string()
                               : std::to_string(listed.entries.size())},
          {"total_sessions", std::to_string(listed.total.sessions)},
          {"total_hours", hours_text(listed.total.minutes)}};
}

// What the dashboard is made from besides the ledger: who asks (the layout shows their name
// and role's links, and the forms carry their session's CSRF token), the day, the language, and the
// four parameters home() reads. Each part is prefixed with its length.
std::string dashboard_key(const Call& c) {
  std::string key;
  auto add = [&key](const std::string& part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  add(c.who->account.person);
  add(std::to_string(static_cast<int>(c.who->account.role)));
  add(c.who->csrf);
  add(c.today.iso());
  add(c.lang);
  for (const char* name : {"pathway", "report", "entries", "done"}) add(c.param(name));
  return key;
}

void home(Call& c) {
  // The page as last sent for the same key, unless the ledger may have changed since.
  const std::string key = dashboard_key(c);
  if (auto page = c.env.dashboards.find(key, c.generation)) {
    c.res.status = 200;
    c.res.set_content(*page, "text/html; charset=utf-8");
    return;
  }
  const std::string me = c.who->account.person;
  // Read once: every pathway's report and the entries table are built from it.
  auto history = c.ledger.history(me);
  const auto shown = pathways_of(c, history.enrolments);
  const bool full = c.param("report") == "full";
  auto accredited = c.env.accreditations.find(c.generation);
  if (!accredited) {
    accredited = std::make_shared<const domain::AccreditationIndex>(c.ledger.accreditations());
    c.env.accreditations.put(c.generation, accredited);
  }
  mstch::array progress, families, certs;
  for (const auto& family : shown) {
    try {
      auto report =
          service::progress_report(c.ledger, c.env.catalogue, {me, family, "", c.today}, history,
                                   *accredited, full ? eval::Explain::full : eval::Explain::table);
      progress.push_back(progress_view(report, c.env.catalogue.by_id(report.ruleset_id),
                                       history.entries, family, full));
    } catch (const core::UsageError& e) {
      progress.push_back(mstch::map{{"family", family}, {"problem", std::string(e.what())}});
    }
  }
  for (const auto& f : c.env.catalogue.families())
    families.push_back(
        mstch::map{{"value", f}, {"selected", !shown.empty() && f == shown.front()}});
  // The newest certificate not revoked, announced at the top when issued in the last
  // kNewCertificateDays days (the page does not know when its reader last came).
  mstch::array announced;
  const store::CertificateRecord* newest = nullptr;
  const auto records = service::certificates_of(c.ledger, me);
  for (const auto& r : records)
    if (!r.revoked_on &&
        (!newest || newest->issued < r.issued || (newest->issued == r.issued && newest->id < r.id)))
      newest = &r;
  if (newest && c.today.add_days(-kNewCertificateDays) <= newest->issued)
    announced.push_back(mstch::map{{"serial", newest->serial},
                                   {"revision", std::to_string(newest->revision)},
                                   {"issued", date_text(newest->issued)}});
  for (const auto& r : records)
    certs.push_back(mstch::map{{"serial", r.serial},
                               {"revision", std::to_string(r.revision)},
                               {"kind", r.kind},
                               {"ruleset", r.ruleset},
                               {"issued", date_text(r.issued)},
                               {"revoked", r.revoked_on.has_value()}});
  const std::string name = history.person.name;
  auto data = entries_view(c, me, std::move(history.entries));
  data.insert({{"name", name},
               {"progress", progress},
               {"families", families},
               {"certificates", certs},
               {"has_certificates", !certs.empty()},
               {"new_certificate", announced},
               {"today", date_text(c.today, true)},
               {"message", done_message(c)}});
  std::string page = render_page(c, "dashboard", tr("Your progress"), std::move(data));
  c.env.dashboards.put(key, c.generation, page);
  c.res.status = 200;
  c.res.set_content(page, "text/html; charset=utf-8");
}

}  // namespace

void handle_page(Call& c) {
  switch (c.route.id) {
    case RouteId::home: return home(c);
    case RouteId::style:
      c.res.set_header("Cache-Control", "max-age=3600");
      c.res.set_content(c.env.templates.at("style.css"), "text/css; charset=utf-8");
      return;
    case RouteId::healthz:  // the ledger answers a query on this request's connection
      c.res.set_content(fmt::format("ok: ledger schema {}\n", c.ledger.schema_version()),
                        "text/plain");
      return;
    default: return handle_other_page(c);
  }
}

}  // namespace balint::web
