// The society office's pages (secretary and auditor): the certificate register.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/register.hpp"
#include "office.hpp"
#include "pages.hpp"

namespace balint::web {

namespace {

std::string standing_label(service::Standing s) {
  switch (s) {
    case service::Standing::current: return tr("current");
    case service::Standing::superseded: return tr("superseded by a later revision");
    case service::Standing::revoked: return tr("revoked");
  }
  return "";
}

// The highest revision of `serial` among the rows shown (a revocation covers every revision;
// the form is offered once, on the newest).
int latest_revision(const service::RegisterPage& page, const std::string& serial) {
  int latest = 0;
  for (const auto& row : page.rows)
    if (row.record.serial == serial) latest = std::max(latest, row.record.revision);
  return latest;
}

void register_page(Call& c) {
  service::RegisterQuery q;
  q.text = c.param("q").substr(0, 200);
  q.standing = c.param("standing");
  if (q.standing != "current" && q.standing != "superseded" && q.standing != "revoked")
    q.standing.clear();
  auto page = service::certificate_register(c.ledger, q);
  const bool may_revoke = c.who->account.role == store::AccountRole::secretary;
  mstch::array rows;
  for (const auto& row : page.rows) {
    const auto& r = row.record;
    std::string period = r.from && r.to ? fmt::format("{} – {}", r.from->iso(), r.to->iso()) : "";
    rows.push_back(
        mstch::map{{"serial", r.serial},
                   {"revision", std::to_string(r.revision)},
                   {"name", core::printable(row.name)},
                   {"person", core::printable(r.person)},
                   {"kind", r.kind},
                   {"ruleset", r.ruleset},
                   {"period", period},
                   {"issued", r.issued.iso()},
                   {"standing", std::string(service::to_string(row.standing))},
                   {"standing_text", standing_label(row.standing)},
                   {"revoked_on", r.revoked_on ? r.revoked_on->iso() : std::string()},
                   {"reason", core::printable(r.revoke_reason)},
                   {"code", r.code},
                   {"may_revoke", may_revoke && row.standing != service::Standing::revoked &&
                                      row.record.revision == latest_revision(page, r.serial)},
                   {"csrf", c.who->csrf}});
  }
  mstch::array standings;
  for (auto s :
       {service::Standing::current, service::Standing::superseded, service::Standing::revoked})
    standings.push_back(mstch::map{{"value", std::string(service::to_string(s))},
                                   {"label", standing_label(s)},
                                   {"selected", q.standing == service::to_string(s)}});
  send_page(c, "register", tr("Certificate register"),
            {{"q", q.text},
             {"any", q.standing.empty()},
             {"standings", standings},
             {"rows", rows},
             {"has_rows", !page.rows.empty()},
             {"shown", std::to_string(page.rows.size())},
             {"matched", std::to_string(page.matched)},
             {"total", std::to_string(page.total)},
             {"message", done_message(c)}});
}

void revoke(Call& c) {
  try {
    service::revoke_certificate(c.ledger, c.segment, c.param("reason"), c.today);
    redirect(c, "/register?q=" + c.segment + "&done=revoked");
  } catch (const service::Conflict& e) {
    send_page(c, "error", tr("Not possible"), {{"message", std::string(e.what())}}, 409);
  } catch (const core::UsageError& e) {
    send_page(c, "error", tr("Not possible"),
              {{"message", c.param("reason").empty() ? tr("Give a reason for the revocation.")
                                                     : core::printable(e.what())}},
              400);
  }
}

}  // namespace

void handle_office_page(Call& c) {
  switch (c.route.id) {
    case RouteId::register_page: return register_page(c);
    case RouteId::revoke: return revoke(c);
    default: throw core::InternalError("not an office page");
  }
}

}  // namespace balint::web
