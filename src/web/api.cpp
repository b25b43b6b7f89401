// The JSON API (SPEC §8): the same sessions, rules and services as the pages.
#include <fmt/core.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "balint/cert/payload.hpp"
#include "balint/io/entry_export.hpp"
#include "balint/io/rows.hpp"
#include "balint/render/progress.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/progress.hpp"
#include "balint/service/verify.hpp"
#include "login.hpp"
#include "web.hpp"

namespace balint::web {
namespace {

using nlohmann::json;

void send_json(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

// The CLI's JSON entry, plus where it came from (import, cli, web).
json entry_json(const domain::Entry& e) {
  json j = io::entry_json(e);
  j["source"] = e.source.kind;
  return j;
}

void api_login(Call& c) {
  auto r = attempt_login(c, c.param("user"), c.param("password"));
  if (r.status == 429) {
    c.res.set_header("Retry-After", std::to_string(r.retry_after));
    return json_error(c.res, 429,
                      fmt::format("too many failed logins; try again in {} s", r.retry_after));
  }
  if (r.status != 200) return json_error(c.res, 401, "wrong user or password");
  c.res.set_header("Set-Cookie", session_cookie(c, r.session->token));
  send_json(c.res, {{"person", r.account->person},
                    {"role", store::to_string(r.account->role)},
                    {"csrf", r.session->csrf}});
}

void entries(Call& c) {
  auto listed = service::list_entries(c.ledger, {c.segment, std::nullopt, std::nullopt, true});
  json j{{"entries", json::array()}, {"totals", json::array()}};
  for (const auto& e : listed.entries) j["entries"].push_back(entry_json(e));
  for (const auto& r : listed.by_kind)
    j["totals"].push_back({{"activity", domain::to_string(r.activity)},
                           {"role", domain::to_string(r.role)},
                           {"sessions", r.totals.sessions},
                           {"minutes", r.totals.minutes}});
  j["total"] = {{"sessions", listed.total.sessions}, {"minutes", listed.total.minutes}};
  send_json(c.res, j);
}

void progress(Call& c) {
  auto p = service::progress(c.ledger, c.env.catalogue,
                             {c.segment, c.param("pathway"), c.param("rules"), c.today});
  std::ostringstream out;
  render::write_progress_json(out, p.report);
  c.res.set_content(out.str(), "application/json");
}

// POST /api/entries: §5 fields as a JSON object; `person` defaults to the caller. Entries a
// member logs are self-reported: verified_by is only taken from a leader or the secretary.
void api_log(Call& c) {
  service::LogRequest r{{c.param("person").empty() ? c.who->account.person : c.param("person")},
                        {},
                        {"web", c.who->account.person, 0}};
  for (const auto& col : io::entry_columns()) {
    if (col == "person" || c.param(col.c_str()).empty()) continue;
    if (col == "verified_by" && c.who->account.role == store::AccountRole::member) continue;
    r.fields.emplace_back(col, c.param(col.c_str()));
  }
  try {
    auto ids = service::log_entries(c.ledger, r);
    send_json(c.res, {{"ids", ids}}, 201);
  } catch (const service::FieldErrors& e) {
    json_error(c.res, 400, fmt::format("{}", fmt::join(e.lines(), "; ")));
  }
}

void api_verify(Call& c) {
  if (!c.env.verify_limit.allow(c.addr, c.now)) {
    c.res.set_header("Retry-After", "60");
    return json_error(c.res, 429, "too many checks from this address; wait a minute");
  }
  auto code = cert::normalise_code(c.segment);
  if (!code) return json_error(c.res, 400, "not a verification code");
  auto f = service::Verifier(c.ledger).code(*code);
  send_json(c.res,
            {{"verdict", cert::to_string(f.verdict)}, {"text", f.text}, {"claims", f.claims}});
}

}  // namespace

void json_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, {{"error", message}}, status);
}

void handle_api(Call& c) {
  try {
    switch (c.route.id) {
      case RouteId::api_login: return api_login(c);
      case RouteId::api_logout:
        if (!c.who->session_hash.empty())
          store::Accounts(c.ledger).end_session(c.who->session_hash);
        c.res.set_header("Set-Cookie", session_cookie(c, ""));
        return send_json(c.res, {{"ok", true}});
      case RouteId::api_me:
        return send_json(c.res, {{"person", c.who->account.person},
                                 {"role", store::to_string(c.who->account.role)},
                                 {"csrf", c.who->csrf}});
      case RouteId::api_progress: return progress(c);
      case RouteId::api_entries: return entries(c);
      case RouteId::api_log: return api_log(c);
      case RouteId::api_confirm:
        service::confirm_entry(
            c.ledger, {std::stoll(c.segment), c.who->account.person, c.today, c.who->account.id});
        return send_json(c.res, {{"ok", true}});
      case RouteId::api_void: {
        std::string reason = c.param("reason");
        if (reason.empty()) return json_error(c.res, 400, "give a reason");
        service::void_entry(c.ledger, {std::stoll(c.segment), reason, c.today, c.who->account.id});
        return send_json(c.res, {{"ok", true}});
      }
      case RouteId::api_verify: return api_verify(c);
      default: return json_error(c.res, 404, "no such resource");
    }
  } catch (const service::NotFound& e) {
    json_error(c.res, 404, e.what());
  } catch (const service::Conflict& e) {
    json_error(c.res, 409, e.what());
  } catch (const core::UsageError& e) {
    json_error(c.res, 400, e.what());
  }
}

}  // namespace balint::web
