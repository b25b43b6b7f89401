#!/usr/bin/env bash
# SQL only with bound parameters: lists every place in src/ where SQL text is built at run
# time (fmt::format or string concatenation next to a SQL keyword, or a statement made from a
# variable) and fails when one is not in the allow-list below, each entry checked by hand.
# Values must always be bound (`?`, `:name`); only constant fragments may be pasted.
set -uo pipefail
cd "$(dirname "$0")/../.."
# FILE:TEXT, what is pasted in, and why that is safe.
allowed=(
  'src/store/entries.cpp:SQLite::Statement ins(impl_->db, detail::kInsertEntry);'  # a constant
  'src/store/entries.cpp:fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id WHERE 1", detail::entry_columns("e"));'  # detail::entry_columns("e"): the constant column names of entry_row.hpp
  'src/store/entries.cpp:SQLite::Statement q(db, entry_query(f));'  # entry_query: entry_columns and constant fragments by filter, values bound by name
  'src/store/entries.cpp:impl_->db, fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id "'  # entry_columns("e")
  'src/store/bulk.cpp:return fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id "'  # person_query: entry_columns("e", fields), the names of the columns fetched
  'src/store/bulk.cpp:return fmt::format("SELECT {} FROM entry e WHERE e.id BETWEEN ? AND ?", detail::entry_columns("e", fields));'  # EntryScan's slice query: the same
  'src/store/ledger.cpp:SQLite::Statement q(impl_->db, person'  # one of two literals (accreditations of one person or of all)
  'src/store/ledger.cpp:SQLite::Statement q(impl_->db, v.empty() ? "DELETE FROM person_attr WHERE person = ? AND key = ?"'  # one of two literals, the values bound
  'src/store/schema.cpp:db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));'               # a constant int
  'src/store/schema.cpp:db.exec(fmt::format("PRAGMA user_version = {}", latest));'                          # a constant int
  'src/store/schema.cpp:for (int v = version; v < latest; ++v) db.exec(kMigrations[v]);'                    # constant scripts
  'src/store/schema.cpp:for (int v = 0; v < version; ++v) db.exec(kMigrations[v]);'                         # create_schema_at: constant scripts
  'src/store/schema.cpp:db.exec(fmt::format("PRAGMA user_version = {}", version));'                         # create_schema_at: an int, checked 1 to latest
  'src/store/entries.cpp:db.exec(index_sql);'  # the index's own CREATE statement, read back from sqlite_master before it was dropped
  'src/store/certificates.cpp:SQLite::Statement q(db, std::string("SELECT ") + kColumns + kFrom + where);'  # `where` is a literal at every call
  'src/store/certificates.cpp:SQLite::Statement q(impl_->db, std::string("SELECT ") + kColumns + kFrom +'  # Ledger::certificates_of: constants and a literal WHERE, the person bound
  'src/store/accounts.cpp:SQLite::Statement q(db, sql);'  # exec_with: `sql` is a literal at every call
  'src/store/ledger.cpp:SQLite::Statement q(impl_->db, fmt::format("PRAGMA quick_check({})", limit));'  # an int
  'src/store/ledger.cpp:impl_->db.exec(fmt::format("PRAGMA mmap_size = {}", bytes < 0 ? 0 : bytes));'  # Ledger::map_file: an int64
)
# tests/hardening/sql-statements.py: the same pattern, with a call broken over several lines
# read as one line (clang-format reflows long calls).
found=$(python3 tests/hardening/sql-statements.py src)
status=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  ok=0
  for a in "${allowed[@]}"; do [ "$line" = "$a" ] && ok=1; done
  if [ $ok -eq 1 ]; then echo "checked: $line"; else echo "NEW, check by hand: $line"; status=1; fi
done <<< "$found"
# Statements executed outside src/store are a layering error too.
outside=$(grep -rlE 'SQLite::|sqlite3_' src | grep -v '^src/store/' || true)
[ -z "$outside" ] || { echo "SQL outside src/store: $outside"; status=1; }
exit $status
