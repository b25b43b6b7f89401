// The secretary's people (GET/POST /people, /people/ID): the list with a search, adding a
// person, and one person's page: their details and attributes (changed as `person set`
// changes them), their progress under a rule set as `balint progress` shows it, their
// documents and waivers, their entries (each may be voided with a reason), then the waiver
// and accreditation forms; their records (memberships, enrolments, documents with an uploaded
// file) recorded as `membership add`, `enrol` and `document add` record them; their account.
// The auditor sees the same pages without the forms (and without the account).
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
#include "balint/service/records.hpp"
#include "balint/store/accounts.hpp"
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
  if (done == "membership") return tr("The membership was recorded.");
  if (done == "enrolled") return tr("The enrolment was recorded.");
  if (done == "already-enrolled") return tr("The person was enrolled in this pathway already.");
  if (done == "document") return tr("The document was recorded.");
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

// The known names (datalists of the record forms) and what the forms were last sent with.
void record_form_data(const Call& c, mstch::map& data) {
  const auto names = service::known_names(c.env.catalogue, c.ledger);
  auto list = [](const std::vector<std::string>& v) {
    mstch::array out;
    for (const auto& n : v) out.push_back(mstch::map{{"name", core::printable(n)}});
    return out;
  };
  data["known_bodies"] = list(names.bodies);
  data["known_families"] = list(names.families);
  data["known_types"] = list(names.document_types);
  for (const char* f : {"body", "from", "to", "family", "enrol_on", "type", "doc_on", "note"})
    data[std::string("f_") + f] = c.req.method == "POST" ? c.param(f) : std::string();
  data["max_mb"] = std::to_string(kMaxUploadBytes / (1024 * 1024));
}

// The person's web account, as `balint user list` shows it, for the secretary.
void account_data(const Call& c, const std::string& id, mstch::map& data) {
  auto a = store::Accounts(c.ledger).by_person(id);
  data["has_account"] = a.has_value();
  if (!a) {
    data["roles"] = role_choices("member");
    return;
  }
  data["account_role"] = role_label(store::to_string(a->role));
  data["account_status"] = a->disabled                ? tr("disabled")
                           : a->password_hash.empty() ? tr("no password yet")
                                                      : tr("active");
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
    docs.push_back(mstch::map{{"type", core::printable(d.type)},
                              {"on", d.on.iso()},
                              {"note", core::printable(d.note)},
                              {"file", core::printable(d.file_name)},
                              {"sha256", d.sha256}});
  data["documents"] = docs;
  data["has_documents"] = !docs.empty();
  mstch::array memberships;
  for (const auto& m : history.memberships)
    memberships.push_back(mstch::map{{"body", core::printable(m.body)},
                                     {"from", m.from.iso()},
                                     {"to", m.to ? m.to->iso() : std::string()}});
  data["memberships"] = memberships;
  data["has_memberships"] = !memberships.empty();
  mstch::array enrolments;
  for (const auto& e : history.enrolments)
    enrolments.push_back(mstch::map{{"family", core::printable(e.family)}, {"on", e.on.iso()}});
  data["enrolments"] = enrolments;
  data["has_enrolments"] = !enrolments.empty();
  if (sec) {
    record_form_data(c, data);
    account_data(c, id, data);
  }
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
    accs.push_back(mstch::map{{"family", core::printable(a.family)},
                              {"on", a.on.iso()},
                              {"note", core::printable(a.note)}});
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

// A date field: nullopt when empty; UsageError (translated) when not YYYY-MM-DD.
std::optional<core::Date> date_field(const Call& c, const char* name) {
  const std::string v(core::trim(c.param(name)));
  if (v.empty()) return std::nullopt;
  auto d = core::Date::parse(v);
  if (!d)
    throw core::UsageError(
        fmt::format("{} '{}'", tr("Not a date (YYYY-MM-DD):"), core::excerpt(v)));
  return d;
}

core::Date required_date(const Call& c, const char* name) {
  auto d = date_field(c, name);
  if (!d) throw core::UsageError(tr("Give the date (YYYY-MM-DD)."));
  return *d;
}

std::string required_field(const Call& c, const char* name, const std::string& missing) {
  auto v = text_field(c, name);
  if (!v) throw core::UsageError(tr("Text must be valid UTF-8."));
  if (v->empty()) throw core::UsageError(missing);
  return *v;
}

// The records' forms: names checked as the command line checks them, "new" as its --new.
service::RecordOptions web_record_options(const Call& c) {
  return {[&c]() -> const rules::Catalogue& { return c.env.catalogue; }, !c.param("new").empty(),
          tr("tick “new name” to record a new one"), ""};
}

// The name an uploaded document is kept under: the last part of what the browser sent (its
// folders dropped), control and bidi characters made '_', at most 200 bytes; "upload" when
// nothing usable is left or it is not UTF-8.
std::string document_file_name(const std::string& sent) {
  const auto slash = sent.find_last_of("/\\");
  std::string base = slash == std::string::npos ? sent : sent.substr(slash + 1);
  if (!core::valid_utf8(base)) return "upload";
  std::string out;
  for (std::size_t i = 0; i < base.size();) {
    const auto b = static_cast<unsigned char>(base[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::string ch = base.substr(i, n);
    i += n;
    if (out.size() + ch.size() > 200) break;
    out += core::name_problem(ch) || core::printable(ch) != ch ? std::string("_") : ch;
  }
  out = std::string(core::trim(out));
  if (out.empty() || out.find_first_not_of('.') == std::string::npos) return "upload";
  return out;
}

void membership_add(Call& c) {
  try {
    domain::Membership m{c.segment, required_field(c, "body", tr("Give the body (the society).")),
                         required_date(c, "from"), date_field(c, "to")};
    if (m.to && *m.to < m.from) throw core::UsageError(tr("The membership ends before it begins."));
    service::add_membership(c.ledger, m, web_record_options(c));
    redirect(c, "/people/" + c.segment + "?done=membership#records-h");
  } catch (const core::UsageError& e) {
    person_page(c, core::printable(e.what()), 400);
  }
}

void enrolment_add(Call& c) {
  try {
    domain::Enrolment e{c.segment, required_field(c, "family", tr("Give the pathway's family.")),
                        required_date(c, "enrol_on")};
    auto r = service::enrol(c.ledger, e, web_record_options(c));
    redirect(c, "/people/" + c.segment + (r.already ? "?done=already-enrolled" : "?done=enrolled") +
                    "#records-h");
  } catch (const core::UsageError& e) {
    person_page(c, core::printable(e.what()), 400);
  }
}

void document_add(Call& c) {
  try {
    domain::Document d;
    d.person = c.segment;
    d.type = required_field(c, "type", tr("Give the document's type."));
    d.on = required_date(c, "doc_on");
    auto note = text_field(c, "note");
    if (!note) throw core::UsageError(tr("Text must be valid UTF-8."));
    d.note = *note;
    std::string content;
    if (c.req.has_file("file") && !c.req.get_file_value("file").filename.empty()) {
      const auto& f = c.req.get_file_value("file");
      if (f.content.size() > kMaxUploadBytes)  // the server's limit says so first
        return person_page(c, tr("The file is too large."), 413);
      if (f.content.empty())
        throw core::UsageError(tr("The file is empty: choose the document's file again."));
      d.file_name = document_file_name(f.filename);
      content = f.content;
    }
    service::add_document(c.ledger, d, content, web_record_options(c));
    redirect(c, "/people/" + c.segment + "?done=document#docs-h");
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
    case RouteId::membership_add: return membership_add(c);
    case RouteId::enrolment_add: return enrolment_add(c);
    case RouteId::document_add: return document_add(c);
    default: throw core::InternalError("not a people page");
  }
}

}  // namespace balint::web
