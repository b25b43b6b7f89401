#include "balint/service/entries.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "balint/core/text.hpp"
#include "balint/io/rows.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {
namespace {

// The request as one CSV header and one record per person, checked by the import's parser so
// that `log`, the web form and `import` accept exactly the same values.
std::vector<domain::Entry> parse(const store::Ledger& ledger, const LogRequest& r) {
  io::CsvRecord header{0, {"person"}};
  bool has_length = false;
  for (const auto& [column, value] : r.fields) {
    header.fields.push_back(column);
    has_length = has_length || column == "minutes" || column == "hours";
  }
  if (!has_length) header.fields.emplace_back("minutes");
  io::EntryRowParser parser(
      "", header, [&](const std::string& id) { return ledger.has_person(id); },
      ledger.person_ids());
  parser.refuse_after(r.refuse_after);
  std::vector<core::Diagnostic> problems = parser.header_errors();
  std::vector<domain::Entry> out;
  for (const auto& id : r.people) {
    io::CsvRecord rec{0, {std::string(core::trim(id))}};
    for (const auto& field : r.fields) rec.fields.push_back(field.second);
    if (!has_length) rec.fields.emplace_back();
    if (auto e = parser.parse(rec, problems)) {
      e->source = r.source;
      out.push_back(*e);
    }
  }
  if (!problems.empty()) {
    std::vector<std::string> lines;
    for (const auto& d : problems)
      if (std::find(lines.begin(), lines.end(), d.message) == lines.end())
        lines.push_back(d.message);
    throw FieldErrors(lines);
  }
  return out;
}

domain::Entry existing(const store::Ledger& ledger, std::int64_t id) {
  auto e = ledger.entry(id);
  if (!e) throw NotFound(fmt::format("no entry {} in the ledger", id));
  return *e;
}

}  // namespace

std::vector<std::int64_t> log_entries(store::Ledger& ledger, const LogRequest& request) {
  std::vector<std::int64_t> ids;
  ledger.transaction([&] {
    auto entries = parse(ledger, request);
    ids = ledger.add_entries(entries);
    store::ActivityNote note{"log", "entry", ids.size() == 1 ? std::to_string(ids[0]) : "", {}, {}};
    std::string list;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      note.people.push_back(entries[i].person);
      list += (list.empty() ? "" : " ") + std::to_string(ids[i]);
    }
    if (!entries.empty())
      note.detail = {{"entries", list},
                     {"date", entries.front().date.iso()},
                     {"activity", std::string(domain::to_string(entries.front().activity))},
                     {"minutes", static_cast<std::int64_t>(entries.front().minutes)}};
    ledger.record(note);
  });
  return ids;
}

EntryList list_entries(const store::Ledger& ledger, const store::EntryFilter& filter) {
  return list_entries(ledger.entries(filter));
}

EntryList list_entries(std::vector<domain::Entry> entries) {
  EntryList out;
  out.entries = std::move(entries);
  std::map<std::pair<std::string_view, std::string_view>, TotalsRow> by;
  for (const auto& e : out.entries) {
    if (e.voided) continue;
    auto& row = by[{domain::to_string(e.activity), domain::to_string(e.role)}];
    row.activity = e.activity;
    row.role = e.role;
    ++row.totals.sessions;
    row.totals.minutes += e.minutes;
    ++out.total.sessions;
    out.total.minutes += e.minutes;
  }
  for (auto& [key, row] : by) out.by_kind.push_back(row);
  return out;
}

report::PersonRecord person_record(const store::Ledger& ledger, const std::string& person) {
  if (!ledger.has_person(person)) throw NotFound(fmt::format("no person '{}'", person));
  report::PersonRecord r{ledger.history(person), {}, 0};
  for (const auto& e : r.history.entries) {
    if (e.voided) {
      ++r.voided;
      continue;
    }
    ++r.entries.sessions;
    r.entries.minutes += e.minutes;
  }
  return r;
}

void void_entry(store::Ledger& ledger, const VoidRequest& r) {
  ledger.transaction([&] {
    auto e = existing(ledger, r.id);
    if (e.voided) throw Conflict(fmt::format("entry {} is already void: {}", r.id, e.void_reason));
    ledger.void_entry(r.id, r.reason, r.on, r.account);
    ledger.record({"void", "entry", std::to_string(r.id), {e.person}, {{"reason", r.reason}}});
  });
}

void confirm_entry(store::Ledger& ledger, const ConfirmRequest& r) {
  ledger.transaction([&] {
    auto e = existing(ledger, r.id);
    if (e.voided) throw Conflict(fmt::format("entry {} is void: {}", r.id, e.void_reason));
    if (!e.verified_by.empty())
      throw Conflict(fmt::format("entry {} is verified already (by {})", r.id, e.verified_by));
    ledger.confirm_entry(r.id, r.by, r.on, r.account);
    ledger.record({"confirm", "entry", std::to_string(r.id), {e.person}, {{"by", r.by}}});
  });
}

}  // namespace balint::service
