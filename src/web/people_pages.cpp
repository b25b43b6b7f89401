// The secretary's people (GET/POST /people, /people/ID): the list with a search, adding a
// person, and one person's page: their details and attributes (changed as `person set`
// changes them), their progress under a rule set as `balint progress` shows it, their
// documents and waivers, their entries (each may be voided with a reason), then the waiver
// and accreditation forms. The auditor sees the same pages without the forms.
#include <fmt/core.h>

#include <sstream>

#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "balint/render/progress.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/people.hpp"
#include "balint/service/progress.hpp"
#include "pages.hpp"
#include "secretary.hpp"

namespace balint::web {
namespace {

constexpr std::size_t kListed = 500;  // people listed at most; a search narrows the rest

bool is_secretary(const Call& c) { return c.who->account.role == store::AccountRole::secretary; }

// A form's text field as the command line takes an option's: valid UTF-8, trimmed, NFC.
std::optional<std::string> text_field(const Call& c, const char* name) {
  std::string v = c.param(name);
  if (!core::valid_utf8(v)) return std::nullopt;
  return core::nfc(core::trim(v));
}

// Text of several lines, each as core::printable makes it (controls and bidi shown escaped).
std::string printable_lines(const std::string& text) {
  std::string out;
  for (const auto& line : core::split(text, '\n')) out += core::printable(line) + '\n';
  return out;
}

std::string people_done(const Call& c) {
  const std::string done = c.param("done");
  if (done == "added") return tr("The person was added.");
  if (done == "changed") return tr("The person's details were changed.");
  if (done == "waived") return tr("The waiver was recorded.");
  if (done == "accredited") return tr("The accreditation was recorded.");
  if (done == "voided") return tr("The entry was voided.");
  return "";
}

void people_page(Call& c, const std::string& error = {}, int status = 200) {
  const std::string q = c.param("q").substr(0, 200);
  auto found = service::find_people(c.ledger, q);
  mstch::array rows;
  for (std::size_t i = 0; i < found.size() && i < kListed; ++i) {
    const auto& p = found[i];
    std::string attrs;
    for (const auto& [k, v] : p.attrs) attrs += (attrs.empty() ? "" : "; ") + k + "=" + v;
    rows.push_back(mstch::map{{"id", p.id},
                              {"name", core::printable(p.name)},
                              {"email", core::printable(p.email)},
                              {"attrs", core::printable(attrs)}});
  }
  send_page(c, "people", tr("People"),
            {{"q", q},
             {"rows", rows},
             {"has_rows", !rows.empty()},
             {"shown", std::to_string(rows.size())},
             {"matched", std::to_string(found.size())},
             {"may_add", is_secretary(c)},
             {"error", error},
             {"new_id", c.param("id")},
             {"new_name", c.param("name")},
             {"new_email", c.param("email")},
             {"message", people_done(c)}},
            status);
}

// `attr` fields: KEY=VALUE a line (the add form's attributes).
std::vector<std::pair<std::string, std::string>> attr_lines(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& line : core::split(text, '\n')) {
    std::string l(core::trim(line));
    if (l.empty()) continue;
    auto eq = l.find('=');
    if (eq == std::string::npos)
      throw core::UsageError(
          fmt::format("{} '{}'", tr("an attribute is KEY=VALUE, not"), core::excerpt(l)));
    out.emplace_back(core::trim(l.substr(0, eq)), core::nfc(core::trim(l.substr(eq + 1))));
  }
  return out;
}

void person_add(Call& c) {
  auto name = text_field(c, "name"), email = text_field(c, "email");
  if (!name || !email) return people_page(c, tr("Text must be valid UTF-8."), 400);
  domain::Person p{std::string(core::trim(c.param("id"))), *name, *email, {}};
  try {
    for (auto& [k, v] : attr_lines(c.param("attrs")))
      if (!v.empty()) p.attrs[k] = v;
    service::add_person(c.ledger, p);
    redirect(c, "/people/" + p.id + "?done=added");
  } catch (const service::Conflict& e) {
    people_page(c, core::printable(e.what()), 409);
  } catch (const core::UsageError& e) {
    people_page(c, core::printable(e.what()), 400);
  }
}

// The rule set the page shows progress under: the one asked for; else the edition of the
// first pathway the person is enrolled in; else the first accreditation rule set.
std::string chosen_rules(const Call& c, const domain::PersonHistory& h) {
  if (!c.param("rules").empty()) return c.param("rules");
  for (const auto& e : h.enrolments) {
    try {
      return c.env.catalogue.edition_for(e.family, h.enrolments, c.today).rules->id;
    } catch (const core::UsageError&) {
    }
  }
  for (const auto& rs : c.env.catalogue.all())
    if (rs.kind == "accreditation") return rs.id;
  return c.env.catalogue.all().empty() ? std::string() : c.env.catalogue.all().front().id;
}

void person_page(Call& c, const std::string& error = {}, int status = 200) {
  const std::string& id = c.segment;
  const bool sec = is_secretary(c);
  auto person = c.ledger.person(id);
  if (!person) throw service::NotFound(tr("no such person"));  // authorised as existing
  const auto history = c.ledger.history(id);
  const std::string rules = chosen_rules(c, history);
  mstch::map data{{"id", id},
                  {"name", core::printable(person->name)},
                  {"email", core::printable(person->email)},
                  {"may_change", sec},
                  {"csrf", c.who->csrf},
                  {"error", error},
                  {"message", people_done(c)},
                  {"today", c.today.iso()}};
  mstch::array attrs;
  for (const auto& [k, v] : person->attrs)
    attrs.push_back(mstch::map{{"key", k}, {"value", core::printable(v)}});
  data["attrs"] = attrs;
  data["has_attrs"] = !attrs.empty();
  // The rule sets offered, the chosen one marked.
  mstch::array sets;
  for (const auto& rs : c.env.catalogue.all())
    sets.push_back(mstch::map{{"value", rs.id},
                              {"label", rs.id + " — " + core::printable(rs.title)},
                              {"selected", rs.id == rules},
                              {"accreditation", rs.kind == "accreditation"}});
  data["rulesets"] = sets;
  // Progress, as `balint progress ID --rules RULES` prints it; then the accreditation decision.
  try {
    const auto& rs = c.env.catalogue.by_id(rules);
    auto report =
        service::progress_report(c.ledger, c.env.catalogue, {id, "", rules, c.today}, history);
    std::ostringstream text;
    render::write_progress_text(text, report, false, 100);
    data["progress"] = printable_lines(text.str());
    data["rules"] = rs.id;
    mstch::array reqs;
    for (const auto& q : rs.requirements)
      reqs.push_back(
          mstch::map{{"value", q.id}, {"label", q.id + " — " + core::printable(q.title)}});
    data["requirements"] = reqs;
    if (rs.kind == "accreditation") {
      auto d = service::accreditation_decision(c.ledger, c.env.catalogue, id, rules, c.today);
      data["is_accreditation"] = true;
      data["family"] = rs.family;
      data["held_on"] = d.held ? d.held->on.iso() : std::string();
      data["eligible"] = !d.held && d.report.eligible;
      data["not_eligible"] = !d.held && !d.report.eligible;
    }
  } catch (const core::UsageError& e) {
    data["progress_error"] = core::printable(e.what());
  }
  mstch::array docs;
  for (const auto& d : history.documents)
    docs.push_back(mstch::map{{"type", d.type},
                              {"on", d.on.iso()},
                              {"note", core::printable(d.note)},
                              {"file", core::printable(d.file_name)},
                              {"sha256", d.sha256}});
  data["documents"] = docs;
  data["has_documents"] = !docs.empty();
  mstch::array waivers;
  for (const auto& w : history.waivers)
    waivers.push_back(mstch::map{{"ruleset", w.ruleset},
                                 {"requirement", w.requirement},
                                 {"on", w.on.iso()},
                                 {"by", w.by},
                                 {"reason", core::printable(w.reason)}});
  data["waivers"] = waivers;
  data["has_waivers"] = !waivers.empty();
  mstch::array accs;
  for (const auto& a : history.accreditations)
    accs.push_back(
        mstch::map{{"family", a.family}, {"on", a.on.iso()}, {"note", core::printable(a.note)}});
  data["accreditations"] = accs;
  data["has_accreditations"] = !accs.empty();
  mstch::array entries;
  store::EntryFilter f;
  f.person = id;
  f.include_voided = true;
  for (const auto& e : c.ledger.entries(f))
    entries.push_back(mstch::map{{"id", std::to_string(e.id)},
                                 {"date", e.date.iso()},
                                 {"activity", std::string(domain::to_string(e.activity))},
                                 {"role", std::string(domain::to_string(e.role))},
                                 {"hours", core::hours_str(e.minutes)},
                                 {"group", core::printable(e.group)},
                                 {"verified_by", e.verified_by},
                                 {"voided", e.voided},
                                 {"void_reason", core::printable(e.void_reason)},
                                 {"may_void", sec && !e.voided},
                                 {"csrf", c.who->csrf},
                                 {"person", id}});
  data["entries"] = entries;
  data["has_entries"] = !entries.empty();
  send_page(c, "person", core::printable(person->name) + " (" + id + ")", std::move(data), status);
}

void person_set(Call& c) {
  service::PersonChange ch{c.segment, std::nullopt, std::nullopt, {}};
  auto name = text_field(c, "name"), email = text_field(c, "email");
  if (!name || !email) return person_page(c, tr("Text must be valid UTF-8."), 400);
  auto old = c.ledger.person(c.segment);
  if (*name != old->name) ch.name = *name;
  if (*email != old->email) ch.email = *email;
  try {
    // Each attribute shown, changed or emptied (removed); then a new one.
    for (const auto& [k, v] : old->attrs) {
      std::string field = "attr." + k;
      if (!c.req.has_param(field)) continue;
      auto nv = text_field(c, field.c_str());
      if (!nv) return person_page(c, tr("Text must be valid UTF-8."), 400);
      if (*nv != v) ch.attrs.emplace_back(k, *nv);
    }
    for (auto& kv : attr_lines(c.param("new_attr"))) ch.attrs.push_back(std::move(kv));
    service::change_person(c.ledger, ch);
    redirect(c, "/people/" + c.segment + "?done=changed");
  } catch (const core::UsageError& e) {
    person_page(c, core::printable(e.what()), 400);
  }
}

void waive(Call& c) {
  auto reason = text_field(c, "reason");
  if (!reason || reason->empty()) return person_page(c, tr("Give a reason for the waiver."), 400);
  domain::Waiver w{
      0,      c.segment, c.param("rules"), c.param("requirement"), *reason, c.who->account.person,
      c.today};
  try {
    service::waive(c.ledger, c.env.catalogue, w);
    redirect(c, "/people/" + c.segment + "?rules=" + w.ruleset + "&done=waived");
  } catch (const service::Conflict& e) {
    person_page(c, core::printable(e.what()), 409);
  } catch (const core::UsageError& e) {
    person_page(c, core::printable(e.what()), 400);
  }
}

void accredit(Call& c) {
  try {
    auto d = service::accreditation_decision(c.ledger, c.env.catalogue, c.segment, c.param("rules"),
                                             c.today);
    service::record_accreditation(c.ledger, d, "web " + c.who->account.person);
    redirect(c, "/people/" + c.segment + "?rules=" + d.rules->id + "&done=accredited");
  } catch (const service::Conflict& e) {
    person_page(c, core::printable(e.what()), 409);
  } catch (const core::UsageError& e) {
    person_page(c, core::printable(e.what()), 400);
  }
}

}  // namespace

void handle_people_page(Call& c) {
  switch (c.route.id) {
    case RouteId::people_page: return people_page(c);
    case RouteId::person_add: return person_add(c);
    case RouteId::person_page: return person_page(c);
    case RouteId::person_set: return person_set(c);
    case RouteId::waive: return waive(c);
    case RouteId::accredit: return accredit(c);
    default: throw core::InternalError("not a people page");
  }
}

}  // namespace balint::web
