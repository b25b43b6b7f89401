// The pages with forms: login, logout, invitation, logging a session, voiding, the leader's
// groups and confirmations, downloads, and the public /verify.
#include <fmt/core.h>

#include "balint/cert/payload.hpp"
#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "balint/service/accounts.hpp"
#include "balint/service/certificates.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/groups.hpp"
#include "balint/service/progress.hpp"
#include "balint/service/verify.hpp"
#include "audit_pages.hpp"
#include "activity_page.hpp"
#include "login.hpp"
#include "office.hpp"
#include "pages.hpp"
#include "secretary.hpp"
#include "pdf_words.hpp"

namespace balint::web {
namespace {

// The §5 fields of the log form, in §5 order (person and verified_by are set by the server).
const std::vector<const char*> kLogFields = {
    "date",      "activity",   "role",  "minutes", "group", "setting", "format", "leader",
    "co_leader", "supervisor", "cases", "event",   "days",  "tags",    "note"};

void error_page(Call& c, int status, const std::string& message) {
  send_page(c, "error", tr("Not possible"), {{"message", message}}, status);
}

void login_page(Call& c, int status, const std::string& error) {
  send_page(c, "login", tr("Log in"), {{"error", error}, {"name", c.param("user")}}, status);
}

void login(Call& c) {
  auto r = attempt_login(c, c.param("user"), c.param("password"));
  if (r.status == 429) {
    c.res.set_header("Retry-After", std::to_string(r.retry_after));
    return login_page(
        c, 429,
        fmt::format("{} {}", tr("Too many failed logins. Try again in seconds:"), r.retry_after));
  }
  if (r.status != 200) return login_page(c, 401, tr("Wrong user name or password."));
  c.res.set_header("Set-Cookie", session_cookie(c, r.session->token));
  redirect(c, "/");
}

void logout(Call& c) {
  store::Accounts(c.ledger).end_session(c.who->session_hash);
  c.res.set_header("Set-Cookie", session_cookie(c, ""));
  redirect(c, "/login");
}

void invite(Call& c) {
  const std::string token = c.param("token");
  if (c.param("password") != c.param("password2"))
    return send_page(c, "invite", tr("Set your password"),
                     {{"token", token}, {"error", tr("The two passwords differ.")}}, 400);
  try {
    auto account = service::accept_invitation(c.ledger, token, c.param("password"), c.now);
    NewSession s;
    c.ledger.transaction([&] { s = start_session(c.ledger, account, c.now); });
    c.res.set_header("Set-Cookie", session_cookie(c, s.token));
    redirect(c, "/");
  } catch (const service::NotFound& e) {
    error_page(
        c, 404,
        tr("This invitation is unknown, used or expired. Ask the society's office for a new one."));
  } catch (const core::UsageError& e) {
    send_page(c, "invite", tr("Set your password"),
              {{"token", token}, {"error", std::string(e.what())}}, 400);
  }
}

mstch::map log_form(const Call& c, const std::vector<std::string>& errors) {
  mstch::array errs;
  for (const auto& e : errors) errs.push_back(mstch::map{{"line", e}});
  mstch::map data{{"errors", errs}, {"has_errors", !errors.empty()}};
  for (const char* f : kLogFields) data[f] = c.param(f);
  if (c.param("date").empty()) data["date"] = c.today.iso();
  data["activities"] =
      choices({"group", "leadership-training", "supervision", "peer-supervision", "other-cpd"},
              c.param("activity"));
  data["roles"] = choices(
      {"member", "leader", "co-leader", "supervisee", "supervisor", "participant", "facilitator"},
      c.param("role"));
  data["formats"] = choices({"in-person", "online"}, c.param("format"));
  return data;
}

service::LogRequest log_request(const Call& c, std::vector<std::string> people) {
  service::LogRequest r{std::move(people), {}, {"web", c.who->account.person, 0}};
  for (const char* f : kLogFields)
    if (!c.param(f).empty()) r.fields.emplace_back(f, c.param(f));
  return r;
}

void log(Call& c) {
  try {
    service::log_entries(c.ledger, log_request(c, {c.who->account.person}));
    redirect(c, "/?done=logged");
  } catch (const core::Error& e) {
    send_page(c, "log", tr("Log a session"), log_form(c, e.lines()), 400);
  }
}

void void_entry(Call& c) {
  std::string reason = std::string(core::trim(c.param("reason")));
  if (reason.empty() || !core::valid_utf8(reason))
    return error_page(c, 400, tr("Give a reason for the void."));
  try {
    service::void_entry(c.ledger,
                        {std::stoll(c.segment), core::nfc(reason), c.today, c.who->account.id});
    // The secretary voids from a person's page and goes back to it.
    const std::string back = c.param("back");
    const bool to_person = c.who->account.role == store::AccountRole::secretary &&
                           back.rfind("/people/", 0) == 0 &&
                           core::valid_handle(std::string_view(back).substr(8));
    redirect(c, to_person ? back + "?done=voided" : "/?done=voided");
  } catch (const service::Conflict& e) {
    error_page(c, 409, e.what());
  }
}

void groups_page(Call& c, const std::vector<std::string>& errors = {}) {
  const std::string me = c.who->account.person;
  auto groups = service::led_groups(c.ledger, me);
  auto overview = service::group_overview(c.ledger, groups, me);
  mstch::array gs, members, pending;
  for (const auto& g : groups)
    gs.push_back(mstch::map{{"value", g}, {"selected", g == c.param("group")}});
  for (const auto& m : overview.members) {
    auto p = c.ledger.person(m);
    members.push_back(mstch::map{{"id", m}, {"name", p ? p->name : m}});
  }
  for (const auto& e : overview.unconfirmed) pending.push_back(entry_row(e, me));
  auto data = log_form(c, errors);
  if (c.param("leader").empty()) data["leader"] = me;  // the attendees' leader, as a rule
  data["groups"] = gs;
  data["has_groups"] = !groups.empty();
  data["members"] = members;
  data["pending"] = pending;
  data["has_pending"] = !pending.empty();
  data["message"] = done_message(c);
  send_page(c, "groups", tr("Your groups"), data, errors.empty() ? 200 : 400);
}

void group_log(Call& c) {
  std::vector<std::string> people;
  for (std::size_t i = 0; i < c.req.get_param_value_count("person"); ++i)
    people.push_back(c.req.get_param_value("person", i));
  for (const auto& id : core::split(c.param("others"), ','))
    if (!core::trim(id).empty()) people.emplace_back(core::trim(id));
  if (people.empty()) return groups_page(c, {tr("Choose at least one attendee.")});
  try {
    auto r = log_request(c, people);
    r.fields.emplace_back("verified_by", c.who->account.person);  // the leader attests
    service::log_entries(c.ledger, r);
    redirect(c, "/groups?done=logged");
  } catch (const core::Error& e) {
    groups_page(c, e.lines());
  }
}

void confirm(Call& c) {
  try {
    service::confirm_entry(
        c.ledger, {std::stoll(c.segment), c.who->account.person, c.today, c.who->account.id});
    redirect(c, c.route.api ? "/" : "/groups?done=confirmed");
  } catch (const service::Conflict& e) {
    error_page(c, 409, e.what());
  }
}

void send_pdf(Call& c, const std::string& bytes, const std::string& file) {
  c.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file));
  c.res.set_content(bytes, "application/pdf");
}

void progress_pdf(Call& c) {
  const std::string me = c.who->account.person;
  try {
    auto p = service::progress(c.ledger, c.env.catalogue, {me, c.param("pathway"), "", c.today});
    // In the page's language (c.lang's, this thread's), as the dashboard it was asked from.
    const rules::RuleSet& rs = c.env.catalogue.by_id(p.report.ruleset_id);
    p.report = with_titles_in_language(std::move(p.report), rs);
    send_pdf(c, service::progress_pdf(p, c.env.options.templates_dirs, "", pdf_wording()),
             "progress-" + me + ".pdf");
  } catch (const core::UsageError& e) {
    error_page(c, 400, e.what());
  }
}

void certificate_pdf(Call& c) {
  try {
    auto f = service::certificate_file(
        c.ledger, c.segment, c.param("revision").empty() ? 0 : std::stoi(c.param("revision")));
    send_pdf(c, f.bytes, fmt::format("{}-r{}.pdf", f.record.serial, f.record.revision));
  } catch (const service::NotFound& e) {
    error_page(c, 404, e.what());
  } catch (const service::Conflict& e) {
    error_page(c, 409, e.what());
  }
}

// The heading of a verdict, in the reader's language.
std::string verdict_label(cert::Verdict v) {
  switch (v) {
    case cert::Verdict::valid: return tr("Valid: issued as it stands");
    case cert::Verdict::altered: return tr("Altered: this is not the file that was issued");
    case cert::Verdict::revoked: return tr("Revoked");
    case cert::Verdict::unknown: return tr("Unknown: not in this society's register");
    case cert::Verdict::superseded:
      return tr("Superseded: replaced by a certificate with other figures");
  }
  return std::string(cert::to_string(v));
}

void verify(Call& c) {
  if (!c.env.verify_limit.allow(c.addr, c.now)) {
    c.res.set_header("Retry-After", "60");
    return error_page(c, 429, tr("Too many checks from your address; wait a minute."));
  }
  service::Verifier v(c.ledger);
  std::vector<cert::Finding> findings;
  std::string code_text = c.param("code");
  if (!code_text.empty()) {
    auto code = cert::normalise_code(code_text);
    if (code)
      findings.push_back(v.code(*code));
    else
      findings.push_back(
          {cert::Verdict::unknown, tr("That is not a verification code (like 7KQF-2M9X-WPAB).")});
  } else if (c.req.has_file("pdf") && !c.req.get_file_value("pdf").content.empty()) {
    findings = v.pdf(c.req.get_file_value("pdf").content, tr("the uploaded file"));
  } else {
    return send_page(c, "verify", tr("Check a certificate"),
                     {{"error", tr("Type a code or choose a PDF file.")}}, 400);
  }
  mstch::array out;
  for (const auto& f : findings)
    out.push_back(mstch::map{{"verdict", std::string(cert::to_string(f.verdict))},
                             {"verdict_text", verdict_label(f.verdict)},
                             {"valid", f.verdict == cert::Verdict::valid},
                             // Text from the file or the register, bidi and control
                             // characters shown as escapes; for anything but valid, what the
                             // payload claims is a paragraph of its own, marked as such.
                             {"text", core::printable(f.text)},
                             {"has_claims", !f.claims.empty()},
                             {"claims", core::printable(f.claims)}});
  send_page(c, "verify", tr("Check a certificate"), {{"findings", out}, {"code", code_text}});
}

}  // namespace

void handle_other_page(Call& c) {
  switch (c.route.id) {
    case RouteId::login_page: return login_page(c, 200, "");
    case RouteId::login: return login(c);
    case RouteId::logout: return logout(c);
    case RouteId::invite_page:
      return send_page(c, "invite", tr("Set your password"), {{"token", c.param("token")}});
    case RouteId::invite: return invite(c);
    case RouteId::verify_page: return send_page(c, "verify", tr("Check a certificate"), {});
    case RouteId::verify: return verify(c);
    case RouteId::log_page: return send_page(c, "log", tr("Log a session"), log_form(c, {}));
    case RouteId::log: return log(c);
    case RouteId::void_entry: return void_entry(c);
    case RouteId::progress_pdf: return progress_pdf(c);
    case RouteId::certificate_pdf: return certificate_pdf(c);
    case RouteId::groups_page: return groups_page(c);
    case RouteId::group_log: return group_log(c);
    case RouteId::confirm: return confirm(c);
    case RouteId::register_page:
    case RouteId::revoke: return handle_office_page(c);
    case RouteId::audit_page:
    case RouteId::audit_anomalies:
    case RouteId::audit_csv:
    case RouteId::audit_json:
    case RouteId::audit_pdf:
    case RouteId::audit_letter: return handle_audit_page(c);
    case RouteId::import_page:
    case RouteId::import_file: return handle_import_page(c);
    case RouteId::people_page:
    case RouteId::person_add:
    case RouteId::person_page:
    case RouteId::person_set:
    case RouteId::waive:
    case RouteId::accredit:
    case RouteId::membership_add:
    case RouteId::enrolment_add:
    case RouteId::document_add: return handle_people_page(c);
    case RouteId::accounts_page:
    case RouteId::account_add:
    case RouteId::account_role:
    case RouteId::account_disable:
    case RouteId::account_reset: return handle_accounts_page(c);
    case RouteId::activity_page:
    case RouteId::activity_csv: return handle_activity_page(c);
    case RouteId::issue_page:
    case RouteId::issue: return handle_issue_page(c);
    default: return error_page(c, 404, tr("Not found."));
  }
}

}  // namespace balint::web
