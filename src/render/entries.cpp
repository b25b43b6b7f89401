#include "balint/render/entries.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <ostream>
#include <set>
#include <string>

#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/io/entry_export.hpp"
#include "balint/render/table.hpp"

namespace balint::render {
namespace {

using nlohmann::json;

json totals_json(const report::Totals& t) {
  return {{"sessions", t.sessions},
          {"minutes", t.minutes},
          {"hours", core::Centi::from_minutes(t.minutes).as_double()}};
}

Table entry_table(const report::EntryList& list) {
  Table t{
      {"id", "date", "person", "activity", "role", "hours", "format", "group", "setting", "note"},
      {true, false, false, false, false, true},
      {}};
  for (const auto& e : list.entries)
    t.rows.push_back({std::to_string(e.id), e.date.iso(), e.person,
                      std::string(domain::to_string(e.activity)),
                      std::string(domain::to_string(e.role)), core::hours_str(e.minutes),
                      std::string(domain::to_string(e.format)), e.group, e.setting,
                      e.voided ? "VOID: " + e.void_reason : e.note});
  return t;
}

json person_json(const domain::Person& p) {
  return json{{"id", p.id}, {"name", p.name}, {"email", p.email}, {"attributes", p.attrs}};
}

std::string attrs_str(const domain::Person& p) {
  std::string s;
  for (const auto& [k, v] : p.attrs) s += (s.empty() ? "" : "; ") + k + "=" + v;
  return s;
}

}  // namespace

void write_entries_json(std::ostream& out, const report::EntryList& list) {
  json j{{"entries", json::array()}, {"totals", json::array()}};
  for (const auto& e : list.entries) j["entries"].push_back(io::entry_json(e));
  for (const auto& r : list.by_kind) {
    json row{{"activity", domain::to_string(r.activity)}, {"role", domain::to_string(r.role)}};
    row.update(totals_json(r.totals));
    j["totals"].push_back(row);
  }
  j["total"] = totals_json(list.total);
  out << j.dump(2) << '\n';
}

void write_journal_header(std::ostream& out) {
  out << "; balint-ledger entries as a journal: time in minutes (commodity min)\n\n";
}

void write_journal_entry(std::ostream& out, const domain::Entry& e) {
  out << fmt::format("{} entry {}\n    people:{}:{}:{}  {} min\n    sessions\n\n", e.date.iso(),
                     e.id, e.person, domain::to_string(e.activity), domain::to_string(e.role),
                     e.minutes);
}

void write_entries_csv(std::ostream& out, const report::EntryList& list) {
  write_csv(out, entry_table(list));
}

void write_entries_text(std::ostream& out, const report::EntryList& list, int width) {
  if (list.entries.empty()) {
    out << "no entries\n";
    return;
  }
  write_text(out, entry_table(list), width);
  Table tot{{"activity", "role", "sessions", "hours"}, {false, false, true, true}, {}};
  for (const auto& r : list.by_kind)
    tot.rows.push_back({std::string(domain::to_string(r.activity)),
                        std::string(domain::to_string(r.role)), std::to_string(r.totals.sessions),
                        core::hours_str(r.totals.minutes)});
  tot.rows.push_back(
      {"total", "", std::to_string(list.total.sessions), core::hours_str(list.total.minutes)});
  out << "\nTotals by activity and role\n";
  write_text(out, tot, width);
}

void write_people_json(std::ostream& out, const std::vector<domain::Person>& people) {
  json arr = json::array();
  for (const auto& p : people) arr.push_back(person_json(p));
  out << arr.dump(2) << '\n';
}

void write_people_csv(std::ostream& out, const std::vector<domain::Person>& people) {
  std::set<std::string> keys;
  for (const auto& p : people)
    for (const auto& [k, v] : p.attrs) keys.insert(k);
  Table t{{"id", "name", "email"}, {}, {}};
  for (const auto& k : keys) t.headers.push_back("attr:" + k);
  for (const auto& p : people) {
    std::vector<std::string> row{p.id, p.name, p.email};
    for (const auto& k : keys) row.push_back(p.attrs.count(k) ? p.attrs.at(k) : "");
    t.rows.push_back(std::move(row));
  }
  write_csv(out, t);
}

void write_people_text(std::ostream& out, const std::vector<domain::Person>& people, int width) {
  Table t{{"id", "name", "email", "attributes"}, {}, {}};
  for (const auto& p : people) t.rows.push_back({p.id, p.name, p.email, attrs_str(p)});
  write_text(out, t, width);
}

void write_person_json(std::ostream& out, const report::PersonRecord& r) {
  const auto& h = r.history;
  json j = person_json(h.person);
  j["memberships"] = json::array();
  for (const auto& m : h.memberships)
    j["memberships"].push_back({{"body", m.body},
                                {"from", m.from.iso()},
                                {"to", m.to ? json(m.to->iso()) : json(nullptr)}});
  j["accreditations"] = json::array();
  for (const auto& a : h.accreditations)
    j["accreditations"].push_back({{"family", a.family}, {"on", a.on.iso()}, {"note", a.note}});
  j["enrolments"] = json::array();
  for (const auto& e : h.enrolments)
    j["enrolments"].push_back({{"family", e.family}, {"on", e.on.iso()}});
  j["documents"] = json::array();
  for (const auto& d : h.documents)
    j["documents"].push_back({{"id", d.id},
                              {"type", d.type},
                              {"on", d.on.iso()},
                              {"file", d.file_name},
                              {"sha256", d.sha256},
                              {"note", d.note}});
  j["waivers"] = json::array();
  for (const auto& w : h.waivers)
    j["waivers"].push_back({{"ruleset", w.ruleset},
                            {"requirement", w.requirement},
                            {"reason", w.reason},
                            {"by", w.by},
                            {"on", w.on.iso()}});
  j["entries"] = {{"sessions", r.entries.sessions},
                  {"hours", core::Centi::from_minutes(r.entries.minutes).as_double()}};
  out << j.dump(2) << '\n';
}

void write_person_text(std::ostream& out, const report::PersonRecord& r) {
  const auto& h = r.history;
  const auto& p = h.person;
  auto shown = [](std::string_view s) { return core::printable(s); };
  out << fmt::format("{} — {}\n", shown(p.id), shown(p.name));
  if (!p.email.empty()) out << fmt::format("  email: {}\n", shown(p.email));
  for (const auto& [k, v] : p.attrs) out << fmt::format("  {}: {}\n", shown(k), shown(v));
  out << "memberships:\n";
  if (h.memberships.empty()) out << "  none\n";
  for (const auto& m : h.memberships)
    out << fmt::format("  {}  from {}{}\n", shown(m.body), m.from.iso(),
                       m.to ? " to " + m.to->iso() : "");
  out << "accreditations:\n";
  if (h.accreditations.empty()) out << "  none\n";
  for (const auto& a : h.accreditations)
    out << fmt::format("  {}  on {}{}\n", shown(a.family), a.on.iso(),
                       a.note.empty() ? "" : "  (" + shown(a.note) + ")");
  out << "enrolments:\n";
  if (h.enrolments.empty()) out << "  none\n";
  for (const auto& e : h.enrolments)
    out << fmt::format("  {}  on {}\n", shown(e.family), e.on.iso());
  out << "documents:\n";
  if (h.documents.empty()) out << "  none\n";
  for (const auto& d : h.documents)
    out << fmt::format("  {}  on {}{}{}\n", shown(d.type), d.on.iso(),
                       d.file_name.empty()
                           ? ""
                           : "  " + shown(d.file_name) + " sha256:" + shown(d.sha256.substr(0, 16)),
                       d.note.empty() ? "" : "  (" + shown(d.note) + ")");
  if (!h.waivers.empty()) {
    out << "waivers:\n";
    for (const auto& w : h.waivers)
      out << fmt::format("  {} / {}  on {}: {}\n", shown(w.ruleset), shown(w.requirement),
                         w.on.iso(), shown(w.reason));
  }
  out << fmt::format("entries: {} ({} hours){}\n", r.entries.sessions,
                     core::hours_str(r.entries.minutes),
                     r.voided ? fmt::format("; {} voided", r.voided) : "");
}

}  // namespace balint::render
