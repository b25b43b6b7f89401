#include "balint/service/people.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/progress.hpp"

namespace balint::service {
namespace {

void require(const store::Ledger& ledger, const std::string& id, const char* what) {
  if (ledger.has_person(id)) return;
  throw NotFound(fmt::format("{}: no person '{}' in the ledger{}", what, id,
                             core::did_you_mean(id, ledger.person_ids())));
}

void check_name(const std::string& name, const char* what) {
  if (name.empty()) throw core::UsageError(fmt::format("{}: the name may not be empty", what));
  if (!core::valid_utf8(name)) throw core::UsageError(fmt::format("{}: not valid UTF-8", what));
  if (auto why = core::name_problem(name))
    throw core::UsageError(fmt::format("{}: the name {}", what, *why));
}

void check_text(const std::string& text, const char* what) {
  if (!core::valid_utf8(text)) throw core::UsageError(fmt::format("{}: not valid UTF-8", what));
}

void check_attrs(const std::vector<std::pair<std::string, std::string>>& attrs) {
  for (const auto& [k, v] : attrs) {
    if (!core::valid_handle(k))
      throw core::UsageError(fmt::format(
          "attribute '{}': a key is lower-case letters, digits, '.', '_', '-'", core::excerpt(k)));
    check_text(v, "attribute");
  }
}

std::optional<domain::Accreditation> held(const store::Ledger& ledger, const std::string& person,
                                          const std::string& family) {
  for (const auto& a : ledger.accreditations())
    if (a.person == person && a.family == family) return a;
  return std::nullopt;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

void add_person(store::Ledger& ledger, const domain::Person& p) {
  if (!core::valid_handle(p.id))
    throw core::UsageError(fmt::format(
        "'{}' is not a valid person ID (use lower-case letters, digits, '.', '_' and '-')",
        core::excerpt(p.id)));
  check_name(p.name, "name");
  check_text(p.email, "email");
  check_attrs({p.attrs.begin(), p.attrs.end()});
  ledger.transaction([&] {
    if (ledger.has_person(p.id)) throw Conflict(fmt::format("person '{}' already exists", p.id));
    ledger.add_person(p);
    ledger.record({"person add", "person", p.id, {p.id}, {{"name", p.name}}});
  });
}

void change_person(store::Ledger& ledger, const PersonChange& c) {
  if (c.name) check_name(*c.name, "name");
  if (c.email) check_text(*c.email, "email");
  check_attrs(c.attrs);
  if (!c.name && !c.email && c.attrs.empty())
    throw core::UsageError("nothing to change: give a name, an e-mail or an attribute");
  ledger.transaction([&] {
    require(ledger, c.id, "person set");
    auto before = ledger.person(c.id);
    ledger.update_person(c.id, c.name, c.email, c.attrs);
    // What was there before as well as what is now: the person row itself is changed in place.
    store::ActivityNote note{"person set", "person", c.id, {c.id}, {}};
    if (c.name)
      note.detail.insert(note.detail.end(), {{"name", *c.name}, {"name was", before->name}});
    if (c.email)
      note.detail.insert(note.detail.end(), {{"email", *c.email}, {"email was", before->email}});
    for (const auto& [k, v] : c.attrs) {
      auto old = before->attrs.find(k);
      note.detail.emplace_back("attr " + k, v);
      note.detail.emplace_back("attr " + k + " was",
                               old == before->attrs.end() ? std::string() : old->second);
    }
    ledger.record(note);
  });
}

std::vector<domain::Person> find_people(const store::Ledger& ledger, const std::string& text) {
  auto people = ledger.people();
  const std::string want = lower(core::trim(text));
  if (want.empty()) return people;
  std::vector<domain::Person> out;
  for (auto& p : people) {
    bool hit = lower(p.id).find(want) != std::string::npos ||
               lower(p.name).find(want) != std::string::npos ||
               lower(p.email).find(want) != std::string::npos;
    for (const auto& [k, v] : p.attrs) hit = hit || lower(v).find(want) != std::string::npos;
    if (hit) out.push_back(std::move(p));
  }
  return out;
}

std::string waive(store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const domain::Waiver& w) {
  if (w.reason.empty()) throw core::UsageError("a reason for the waiver is required");
  check_text(w.reason, "reason");
  const rules::RuleSet& rs = catalogue.by_id(w.ruleset);
  const rules::Requirement* q = rs.find(w.requirement);
  if (!q) {
    std::vector<std::string> ids;
    for (const auto& r : rs.requirements) ids.push_back(r.id);
    throw core::UsageError(fmt::format("rule set '{}' has no requirement '{}'{}", rs.id,
                                       w.requirement, core::did_you_mean(w.requirement, ids)));
  }
  ledger.transaction([&] {
    require(ledger, w.person, "waive");
    if (!w.by.empty()) require(ledger, w.by, "--by");
    for (const auto& old : ledger.waivers(w.person))
      if (old.ruleset == w.ruleset && old.requirement == w.requirement)
        throw Conflict(fmt::format("{} already has a waiver of {} in {} (on {}: {})", w.person,
                                   w.requirement, w.ruleset, old.on.iso(), old.reason));
    auto id = ledger.add_waiver(w);
    ledger.record({"waive",
                   "waiver",
                   std::to_string(id),
                   {w.person},
                   {{"rules", w.ruleset}, {"requirement", w.requirement}, {"reason", w.reason}}});
  });
  return q->title;
}

std::int64_t add_accreditation(store::Ledger& ledger, const domain::Accreditation& a,
                               const std::string& recorded_by,
                               const std::function<std::string(std::string_view)>& check_family) {
  if (!core::valid_handle(a.family))
    throw core::UsageError(fmt::format("family: '{}' is not a family name such as bbs-leader",
                                       core::excerpt(a.family)));
  check_text(a.note, "note");
  std::int64_t id = 0;
  ledger.transaction([&] {
    require(ledger, a.person, "accreditation add");
    if (check_family)
      if (auto why = check_family(a.family); !why.empty()) throw core::UsageError(why);
    id = ledger.add_accreditation(a, recorded_by);
    ledger.record({"accreditation add",
                   "accreditation",
                   std::to_string(id),
                   {a.person},
                   {{"family", a.family}, {"on", a.on.iso()}}});
  });
  return id;
}

AccreditDecision accreditation_decision(const store::Ledger& ledger,
                                        const rules::Catalogue& catalogue,
                                        const std::string& person, const std::string& rules,
                                        core::Date on) {
  const rules::RuleSet& rs = catalogue.by_id(rules);
  if (rs.kind != "accreditation")
    throw core::UsageError(
        fmt::format("{} is a {} rule set: only accreditation rule sets accredit", rs.id, rs.kind));
  require(ledger, person, "accredit");
  AccreditDecision d{&rs, person, on, held(ledger, person, rs.family), {}};
  if (!d.held) d.report = evaluate(ledger, person, rs, on);
  return d;
}

domain::Accreditation record_accreditation(store::Ledger& ledger, const AccreditDecision& d,
                                           const std::string& recorded_by) {
  if (d.held || !d.report.eligible)
    throw Conflict(
        fmt::format("{} cannot be accredited by {} on {}", d.person, d.rules->id, d.on.iso()));
  domain::Accreditation a{d.person, d.rules->family, d.on, "rule set " + d.rules->id};
  ledger.transaction([&] {
    if (held(ledger, d.person, d.rules->family))
      throw Conflict(fmt::format("{} was accredited in {} meanwhile", d.person, d.rules->family));
    auto row = ledger.add_accreditation(a, recorded_by);
    ledger.record({"accredit",
                   "accreditation",
                   std::to_string(row),
                   {d.person},
                   {{"family", a.family}, {"rules", d.rules->id}, {"on", a.on.iso()}}});
  });
  return a;
}

}  // namespace balint::service
