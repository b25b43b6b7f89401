#include "balint/service/imports.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"

namespace balint::service {
namespace {

// Ends an import that found problems: the first core::kMaxProblems of them, how many more
// there are, then a summary line.
[[noreturn]] void refuse(const std::string& file, std::vector<core::Diagnostic> problems,
                         std::int64_t bad_rows) {
  if (problems.size() > core::kMaxProblems) {
    std::size_t more = problems.size() - core::kMaxProblems;
    problems.resize(core::kMaxProblems);
    problems.push_back(
        {file, 0, 0,
         fmt::format("{} not shown", core::plural(more, "more problem", "more problems"))});
  }
  problems.push_back({file, 0, 0,
                      bad_rows == 0 ? std::string("the header row has problems; nothing imported")
                                    : fmt::format("{}; nothing imported",
                                                  core::plural(bad_rows, "bad row", "bad rows"))});
  throw core::DataError(problems);
}

bool same_person(const domain::Person& a, const domain::Person& b) {
  return a.name == b.name && a.email == b.email && a.attrs == b.attrs;
}

// Reads the request's file, or its bytes.
void read(const ImportRequest& q, io::CsvFormat& format,
          const std::function<void(const io::CsvRecord&)>& on_record) {
  if (q.bytes)
    io::read_csv_bytes(*q.bytes, q.file, format, on_record);
  else
    io::read_csv(q.file, format, on_record);
}

// A column name as the row checkers write one before ": " (date, attr:KEY, verified_by).
bool column_like(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char ch : s)
    if (ch == ' ' || ch == '\t' || ch == '\'' || ch == '"') return false;
  return true;
}

// Thrown to roll back a dry run's transaction after everything was checked and counted.
struct DryRunDone {};

// Adds one record unless the ledger holds the same; true when added. A second enrolment in a
// family with another date is a problem of its line.
bool add_record(store::Ledger& ledger, const io::RecordRow& row, const std::string& file,
                std::vector<core::Diagnostic>& problems) {
  if (const auto* m = std::get_if<domain::Membership>(&row.record)) {
    for (const auto& old : ledger.memberships(m->person))
      if (old.body == m->body && old.from == m->from && old.to == m->to) return false;
    ledger.add_membership(*m);
  } else if (const auto* e = std::get_if<domain::Enrolment>(&row.record)) {
    for (const auto& old : ledger.enrolments(e->person)) {
      if (old.family != e->family) continue;
      if (old.on == e->on) return false;
      problems.push_back({file, row.line, 0,
                          fmt::format("on: {} is already enrolled in {} since {}", e->person,
                                      e->family, old.on.iso())});
      return false;
    }
    ledger.add_enrolment(*e);
  } else if (const auto* a = std::get_if<domain::Accreditation>(&row.record)) {
    for (const auto& old : ledger.accreditations())
      if (old.person == a->person && old.family == a->family && old.on == a->on &&
          old.note == a->note)
        return false;
    ledger.add_accreditation(*a, "import records " + file);
  } else if (const auto* d = std::get_if<domain::Document>(&row.record)) {
    for (const auto& old : ledger.documents(d->person))
      if (old.type == d->type && old.on == d->on && old.note == d->note) return false;
    ledger.add_document(*d, "");
  }
  return true;
}

// The one activity row of an import (not one per row): its file and counts.
store::ActivityNote import_note(const char* operation, const std::string& file,
                                const store::ImportResult& r) {
  return {operation,
          "import",
          "",
          {},
          {{"file", file}, {"rows", r.rows}, {"added", r.added}, {"present", r.present}}};
}

}  // namespace

std::vector<ImportProblem> import_problems(const std::vector<std::string>& lines,
                                           const std::string& file) {
  std::vector<ImportProblem> out;
  for (const auto& l : lines) {
    ImportProblem p;
    std::string_view rest = l;
    if (rest.substr(0, file.size() + 1) == file + ":") {
      rest.remove_prefix(file.size() + 1);
      std::size_t digits = 0;
      while (digits < rest.size() && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9')
        ++digits;
      if (digits > 0 && rest.substr(digits, 1) == ":") {
        p.line = std::stoi(std::string(rest.substr(0, digits)));
        rest.remove_prefix(digits + 1);
      }
      if (rest.substr(0, 1) == " ") rest.remove_prefix(1);
      if (auto colon = rest.find(": ");
          p.line > 0 && colon != std::string_view::npos && column_like(rest.substr(0, colon))) {
        p.column = std::string(rest.substr(0, colon));
        rest.remove_prefix(colon + 2);
      }
    }
    p.problem = std::string(rest);
    out.push_back(std::move(p));
  }
  return out;
}

store::ImportResult import_entries(store::Ledger& ledger, const ImportRequest& q) {
  const std::string& file = q.file;
  std::optional<io::EntryRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::int64_t bad_rows = 0;
  store::EntryImport import(ledger, file);
  auto ids = ledger.person_ids();
  // Looked up for every person a row names (up to four a row): a hash, not a tree of strings.
  std::unordered_set<std::string> known(ids.begin(), ids.end());
  io::CsvFormat format = q.format;  // read_csv fills in the separator it detects
  read(q, format, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(
          file, rec, [&known](const std::string& id) { return known.count(id) > 0; }, ids);
      if (q.refuse_after) parser->refuse_after(*q.refuse_after);
      // A ';'-separated file comes from a spreadsheet whose decimal mark is the comma.
      parser->decimal_comma(q.decimal_comma || format.separator == ';');
      problems = parser->header_errors();
      return;
    }
    if (!problems.empty() && !parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    auto e = parser->parse(rec, problems);
    if (problems.size() > before) ++bad_rows;
    if (e && problems.empty()) import.add(*e);
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  if (!problems.empty()) refuse(file, problems, bad_rows);
  const auto& r = import.result();
  // Nothing new: roll back, so even the record of this import leaves the ledger untouched.
  if (!q.dry_run && r.added > 0) import.commit();
  return r;
}

store::ImportResult import_people(store::Ledger& ledger, const ImportRequest& q) {
  const std::string& file = q.file;
  std::optional<io::PersonRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::vector<domain::Person> rows;
  std::map<std::string, int> first_line;
  std::int64_t bad_rows = 0;
  io::CsvFormat format = q.format;  // read_csv fills in the separator it detects
  read(q, format, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(file, rec);
      problems = parser->header_errors();
      return;
    }
    if (!parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    auto p = parser->parse(rec, problems);
    if (p) {
      auto [it, fresh] = first_line.emplace(p->id, rec.line);
      if (!fresh)
        problems.push_back({file, rec.line, 0,
                            fmt::format("id: '{}' appears twice in this file (first on line {})",
                                        p->id, it->second)});
      else
        rows.push_back(*p);
    }
    if (problems.size() > before) ++bad_rows;
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  store::ImportResult r;
  ledger.transaction([&] {
    for (const auto& p : rows) {
      ++r.rows;
      auto old = ledger.person(p.id);
      if (!old) {
        ++r.added;
        if (!q.dry_run) ledger.add_person(p);
      } else if (same_person(*old, p)) {
        ++r.present;
      } else {
        problems.push_back({file, first_line[p.id], 0,
                            fmt::format("id: '{}' is already in the ledger with other details; "
                                        "change it with 'balint person set'",
                                        p.id)});
        ++bad_rows;
      }
    }
    if (!problems.empty()) {
      std::stable_sort(problems.begin(), problems.end(),
                       [](const auto& a, const auto& b) { return a.line < b.line; });
      refuse(file, problems, bad_rows);
    }
    if (!q.dry_run && r.added > 0) ledger.record(import_note("import people", file, r));
  });
  return r;
}

store::ImportResult import_records(store::Ledger& ledger, const ImportRequest& q) {
  const std::string& file = q.file;
  auto ids = ledger.person_ids();
  std::unordered_set<std::string> known(ids.begin(), ids.end());
  std::optional<io::RecordRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::vector<io::RecordRow> rows;
  std::int64_t bad_rows = 0;
  io::CsvFormat format = q.format;  // read_csv fills in the separator it detects
  read(q, format, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(
          file, rec, [&known](const std::string& id) { return known.count(id) > 0; }, ids,
          q.check_name);
      problems = parser->header_errors();
      return;
    }
    if (!parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    if (auto row = parser->parse(rec, problems)) rows.push_back(std::move(*row));
    if (problems.size() > before) ++bad_rows;
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  if (!problems.empty()) refuse(file, problems, bad_rows);
  store::ImportResult r;
  try {
    ledger.transaction([&] {
      for (const auto& row : rows) {
        std::size_t before = problems.size();
        if (add_record(ledger, row, file, problems))
          ++r.added;
        else if (problems.size() == before)
          ++r.present;
        else
          ++bad_rows;
      }
      if (!problems.empty()) refuse(file, problems, bad_rows);
      if (q.dry_run) throw DryRunDone{};
      if (r.added > 0) {
        store::ImportResult counted = r;
        counted.rows = static_cast<std::int64_t>(rows.size());
        ledger.record(import_note("import records", file, counted));
      }
    });
  } catch (const DryRunDone&) {
  }
  return r;
}

}  // namespace balint::service
