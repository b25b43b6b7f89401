#pragma once
// Internals shared by the store's source files.
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "balint/domain/model.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {

struct Ledger::Impl {
  std::string path;
  SQLite::Database db;
  std::string actor = command_line_actor();  // Ledger::set_actor
  /// `open_as`, when given, is what SQLite opens instead of the path (a file: URI).
  Impl(std::string p, int flags, const std::string& open_as = "")
      : path(std::move(p)), db(open_as.empty() ? path : open_as, flags) {}
};

namespace detail {

/// How long a connection waits for another writer's lock before "database is locked": a
/// minute, so that the command line and the server writing at once both get through.
constexpr int kBusyTimeoutMs = 60'000;

/// Counts a committed write transaction (committed_transactions()).
void note_commit();

/// Checks through `db` that the file is a balint ledger and returns its schema version:
/// another program's SQLite file and a newer schema are DataError; a blank SQLite file (no
/// tables, no ids) is version 0 when `may_be_blank`, DataError otherwise. Writes nothing.
int identify(SQLite::Database& db, const std::string& path, bool may_be_blank);
/// Identifies the file (a blank one is allowed), then creates or migrates the schema to
/// kSchemaVersion.
void migrate(SQLite::Database& db, const std::string& path);
/// Writes into an empty database the schema of `version` (1 to kSchemaVersion) exactly as the
/// balint of that version created it (the first `version` migrations, marked with that
/// version): the older ledgers that the migration tests open.
void create_schema_at(SQLite::Database& db, int version);

/// Adds one activity row through `db` (Ledger::record, CertificateRegister::record).
void record_activity(SQLite::Database& db, const std::string& actor, const ActivityNote& note);

/// Binds a non-empty string, or NULL for an empty one.
void bind_opt(SQLite::Statement& q, int index, const std::string& s);
/// Inserts one entry (all §5 fields); returns its id.
std::int64_t insert_entry(SQLite::Database& db, SQLite::Statement& ins, const domain::Entry& e,
                          const std::string& key, std::int64_t batch);
extern const char* const kInsertEntry;

}  // namespace detail
}  // namespace balint::store
