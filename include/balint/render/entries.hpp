#pragma once
// Entries with their totals, people and one person's record, as text, JSON or CSV (the
// output of balint entries, person list, export people and person show).
#include <iosfwd>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/report/entries.hpp"

namespace balint::render {

/// {"entries": [...], "totals": [...by activity and role], "total": {...}}.
void write_entries_json(std::ostream& out, const report::EntryList& list);
/// One row per entry (id, date, person, activity, role, hours, format, group, setting, note;
/// a voided entry's note is "VOID: reason").
void write_entries_csv(std::ostream& out, const report::EntryList& list);
/// The entries as a table, then their totals by activity and role ("no entries" when none),
/// fitted to `width` (0: no limit).
void write_entries_text(std::ostream& out, const report::EntryList& list, int width);

/// A ledger/hledger journal (export entries --format ledger), one account per person,
/// activity and role. Time is the commodity, counted in whole minutes ("min") so that those
/// tools' totals are exact: hours rounded per entry would not add up to balint's totals (three
/// 50-minute sessions are 2.50 h, not 3 x 0.83). The header once, then one transaction per entry.
void write_journal_header(std::ostream& out);
void write_journal_entry(std::ostream& out, const domain::Entry& e);

/// People as a JSON array of {id, name, email, attributes}.
void write_people_json(std::ostream& out, const std::vector<domain::Person>& people);
/// The columns of 'import people' (id, name, email, attr:KEY ...), so the list re-imports.
void write_people_csv(std::ostream& out, const std::vector<domain::Person>& people);
/// id, name, email and attributes as a table fitted to `width`.
void write_people_text(std::ostream& out, const std::vector<domain::Person>& people, int width);

/// One person's record as JSON.
void write_person_json(std::ostream& out, const report::PersonRecord& r);
/// One person's record as text; every value from the ledger is escaped (core::printable), so a
/// name or note cannot redraw the terminal or fake a line (issue 14).
void write_person_text(std::ostream& out, const report::PersonRecord& r);

}  // namespace balint::render
