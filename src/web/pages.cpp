// The HTML pages: login, invitation, the member's dashboard, logging, voiding, downloads, the
// leader's groups, and the public /verify.
#include <fmt/core.h>

#include <sstream>

#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "balint/render/progress.hpp"
#include "balint/service/accounts.hpp"
#include "balint/service/certificates.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/groups.hpp"
#include "balint/service/progress.hpp"
#include "balint/service/verify.hpp"
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
    out.push_back(mstch::map{{"value", std::string(v)}, {"selected", std::string(v) == selected}});
  return out;
}

mstch::map entry_row(const domain::Entry& e, const std::string& me) {
  return mstch::map{
      {"id", std::to_string(e.id)},
      {"date", e.date.iso()},
      {"activity", std::string(domain::to_string(e.activity))},
      {"role", std::string(domain::to_string(e.role))},
      {"hours", core::hours_str(e.minutes)},
      {"group", e.group},
      {"person", e.person},
      {"verified_by", e.verified_by},
      {"voided", e.voided},
      {"void_reason", e.void_reason},
      {"may_void", !e.voided && e.verified_by.empty() && e.person == me},
  };
}

namespace {

mstch::node requirement_rows(const std::vector<report::RequirementView>& reqs) {
  mstch::array out;
  for (const auto& r : reqs) {
    const auto& res = r.result;
    std::string status(eval::to_string(res.status));
    double value = res.value.as_double(), target = res.at_least ? res.at_least->as_double() : 0;
    std::string figures = res.at_least ? fmt::format("{} / {}", res.value.short_str(), res.at_least->short_str())
                                       : res.detail;
    out.push_back(mstch::map{
        {"title", res.title},
        {"status", status},
        {"met", eval::counts_as_met(res.status)},
        {"figures", figures},
        {"needed", r.still_needed ? r.still_needed->short_str() : std::string()},
        {"projected", res.projected ? res.projected->iso() : std::string()},
        {"bar", res.at_least ? bar_svg(value, target, res.title + ": " + figures) : std::string()},
        {"children", requirement_rows(r.children)},
    });
  }
  return out;
}

mstch::map progress_view(const service::Progress& p, const std::string& family) {
  std::ostringstream text;
  render::write_progress_text(text, p.report, true);
  return mstch::map{
      {"family", family},
      {"title", p.report.title},
      {"eligible", p.report.eligible},
      {"requirements", requirement_rows(p.report.requirements)},
      {"text", text.str()},
      {"chart", hours_chart_svg(p.history.entries, p.report.as_of)},
  };
}

std::vector<std::string> pathways_of(const Call& c, const std::string& person) {
  std::vector<std::string> out;
  std::string asked = c.param("pathway");
  if (!asked.empty()) out.push_back(asked);
  for (const auto& e : c.ledger.enrolments(person))
    if (std::find(out.begin(), out.end(), e.family) == out.end()) out.push_back(e.family);
  return out;
}

void home(Call& c) {
  const std::string me = c.who->account.person;
  auto person = c.ledger.person(me);
  mstch::array progress, families;
  for (const auto& family : pathways_of(c, me)) {
    try {
      progress.push_back(progress_view(service::progress(c.ledger, c.env.catalogue, {me, family, "", c.today}), family));
    } catch (const core::UsageError& e) {
      progress.push_back(mstch::map{{"family", family}, {"problem", std::string(e.what())}});
    }
  }
  for (const auto& f : c.env.catalogue.families()) families.push_back(mstch::map{{"value", f}});
  auto listed = service::list_entries(c.ledger, {me, std::nullopt, std::nullopt, true});
  mstch::array entries, totals, certs;
  for (const auto& e : listed.entries) entries.push_back(entry_row(e, me));
  for (const auto& t : listed.by_kind)
    totals.push_back(mstch::map{{"activity", std::string(domain::to_string(t.activity))},
                                {"role", std::string(domain::to_string(t.role))},
                                {"sessions", std::to_string(t.totals.sessions)},
                                {"hours", core::hours_str(t.totals.minutes)}});
  for (const auto& r : service::certificates_of(c.ledger, me))
    certs.push_back(mstch::map{{"serial", r.serial}, {"revision", std::to_string(r.revision)},
                               {"kind", r.kind}, {"ruleset", r.ruleset}, {"issued", r.issued.iso()},
                               {"revoked", r.revoked_on.has_value()}});
  send_page(c, "dashboard", tr("Your progress"),
            {{"name", person ? person->name : me}, {"progress", progress}, {"families", families},
             {"entries", entries}, {"totals", totals}, {"has_entries", !entries.empty()},
             {"total_sessions", std::to_string(listed.total.sessions)},
             {"total_hours", core::hours_str(listed.total.minutes)}, {"certificates", certs},
             {"has_certificates", !certs.empty()}, {"today", c.today.iso()},
             {"message", c.param("done")}});
}

}  // namespace

void handle_page(Call& c) {
  switch (c.route.id) {
    case RouteId::home: return home(c);
    case RouteId::style:
      c.res.set_header("Cache-Control", "max-age=3600");
      c.res.set_content(c.env.templates.at("style.css"), "text/css; charset=utf-8");
      return;
    case RouteId::healthz: c.res.set_content("ok\n", "text/plain"); return;
    default: return handle_other_page(c);
  }
}

}  // namespace balint::web
