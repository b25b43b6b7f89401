#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "detail.hpp"

namespace balint::store::detail {
namespace {

// "BALI" — marks a file as a balint ledger (PRAGMA application_id).
constexpr int kApplicationId = 0x42414c49;

// Migration N takes the schema from version N-1 to N. Never edit a released one; append.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE person (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE person_attr (
  person TEXT NOT NULL REFERENCES person(id),
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (person, key)
) WITHOUT ROWID;
CREATE TABLE membership (
  id        INTEGER PRIMARY KEY,
  person    TEXT NOT NULL REFERENCES person(id),
  body      TEXT NOT NULL,
  date_from TEXT NOT NULL,
  date_to   TEXT
);
CREATE TABLE accreditation (
  id          INTEGER PRIMARY KEY,
  person      TEXT NOT NULL REFERENCES person(id),
  family      TEXT NOT NULL,
  granted_on  TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE enrolment (
  id          INTEGER PRIMARY KEY,
  person      TEXT NOT NULL REFERENCES person(id),
  family      TEXT NOT NULL,
  enrolled_on TEXT NOT NULL,
  UNIQUE (person, family)
);
CREATE TABLE document (
  id        INTEGER PRIMARY KEY,
  person    TEXT NOT NULL REFERENCES person(id),
  type      TEXT NOT NULL,
  dated     TEXT NOT NULL,
  file_name TEXT NOT NULL DEFAULT '',
  sha256    TEXT NOT NULL DEFAULT '',
  size      INTEGER,
  content   BLOB,
  note      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE import_batch (
  id      INTEGER PRIMARY KEY,
  file    TEXT NOT NULL,
  rows    INTEGER NOT NULL DEFAULT 0,
  added   INTEGER NOT NULL DEFAULT 0,
  present INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE entry (
  id          INTEGER PRIMARY KEY,
  person      TEXT NOT NULL REFERENCES person(id),
  date        TEXT NOT NULL,
  activity    TEXT NOT NULL,
  role        TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  grp         TEXT NOT NULL DEFAULT '',
  setting     TEXT NOT NULL DEFAULT '',
  format      TEXT NOT NULL DEFAULT 'in-person',
  leader      TEXT REFERENCES person(id),
  co_leader   TEXT REFERENCES person(id),
  supervisor  TEXT REFERENCES person(id),
  cases       INTEGER CHECK (cases >= 0),
  event       TEXT NOT NULL DEFAULT '',
  days        INTEGER CHECK (days >= 1),
  tags        TEXT NOT NULL DEFAULT '',
  verified_by TEXT REFERENCES person(id),
  note        TEXT NOT NULL DEFAULT '',
  content_key BLOB NOT NULL,
  source_kind TEXT NOT NULL,
  source_file TEXT NOT NULL DEFAULT '',
  source_line INTEGER NOT NULL DEFAULT 0,
  batch       INTEGER REFERENCES import_batch(id)
);
CREATE INDEX entry_person_date ON entry (person, date);
CREATE TABLE void (
  entry     INTEGER PRIMARY KEY REFERENCES entry(id),
  reason    TEXT NOT NULL,
  voided_on TEXT NOT NULL
);
CREATE TABLE waiver (
  id          INTEGER PRIMARY KEY,
  person      TEXT NOT NULL REFERENCES person(id),
  ruleset     TEXT NOT NULL,
  requirement TEXT NOT NULL,
  reason      TEXT NOT NULL,
  granted_by  TEXT REFERENCES person(id),
  granted_on  TEXT NOT NULL
);
)sql",
    // 2: the certificate register and the issuer's public keys.
    R"sql(
CREATE TABLE issuer_key (
  id         INTEGER PRIMARY KEY,
  public_key TEXT NOT NULL UNIQUE,
  created_on TEXT NOT NULL
);
CREATE TABLE certificate (
  id          INTEGER PRIMARY KEY,
  serial      TEXT NOT NULL,
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  person      TEXT NOT NULL REFERENCES person(id),
  kind        TEXT NOT NULL CHECK (kind IN ('cpd', 'accreditation')),
  ruleset     TEXT NOT NULL,
  edition     TEXT NOT NULL,
  period_from TEXT NOT NULL DEFAULT '',
  period_to   TEXT NOT NULL DEFAULT '',
  figures     TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  signature   TEXT NOT NULL,
  payload     TEXT NOT NULL,
  code        TEXT NOT NULL UNIQUE,
  issued_on   TEXT NOT NULL,
  file        TEXT NOT NULL,
  issuer_key  INTEGER NOT NULL REFERENCES issuer_key(id),
  UNIQUE (serial, revision)
);
CREATE INDEX certificate_subject ON certificate (person, ruleset, period_from, period_to);
CREATE TABLE certificate_revocation (
  serial     TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  revoked_on TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: web accounts, their sessions, invitations, API tokens and login throttling (balint
    // serve); who voided or confirmed an entry. Secrets are kept only as SHA-256 hashes.
    R"sql(
CREATE TABLE account (
  id            INTEGER PRIMARY KEY,
  person        TEXT NOT NULL UNIQUE REFERENCES person(id),
  role          TEXT NOT NULL CHECK (role IN ('member', 'leader', 'secretary', 'auditor')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_on    TEXT NOT NULL
);
CREATE TABLE account_session (
  token_hash   TEXT PRIMARY KEY,
  account      INTEGER NOT NULL REFERENCES account(id),
  csrf         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX account_session_account ON account_session (account);
CREATE TABLE account_invitation (
  token_hash TEXT PRIMARY KEY,
  account    INTEGER NOT NULL REFERENCES account(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) WITHOUT ROWID;
CREATE TABLE api_token (
  token_hash TEXT PRIMARY KEY,
  account    INTEGER NOT NULL REFERENCES account(id),
  name       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE TABLE login_throttle (
  key        TEXT PRIMARY KEY,
  failures   INTEGER NOT NULL,
  last_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE confirmation (
  entry        INTEGER PRIMARY KEY REFERENCES entry(id),
  by_person    TEXT NOT NULL REFERENCES person(id),
  confirmed_on TEXT NOT NULL,
  account      INTEGER REFERENCES account(id)
);
ALTER TABLE void ADD COLUMN account INTEGER REFERENCES account(id);
)sql",
    // 4: a group's entries by date (a leader's groups page in balint serve), without a scan
    // of the whole ledger.
    R"sql(
CREATE INDEX entry_group_date ON entry (grp, date);
)sql",
    // 5: a person's memberships and accreditations (their history, read for every progress
    // report and web dashboard) without a scan of every person's.
    R"sql(
CREATE INDEX membership_person ON membership (person, date_from);
CREATE INDEX accreditation_person ON accreditation (person, granted_on);
)sql",
    // 6: the activity log (issue 19): one row for every write through the command line and
    // the server, in the same transaction as the write; append-only (the triggers refuse any
    // change or removal of a row).
    R"sql(
CREATE TABLE activity (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  operation TEXT NOT NULL,
  kind      TEXT NOT NULL DEFAULT '',
  subject   TEXT NOT NULL DEFAULT '',
  people    TEXT NOT NULL DEFAULT '',
  detail    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_at ON activity (at);
CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN
  SELECT RAISE(ABORT, 'the activity log is append-only: its rows are never changed');
END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN
  SELECT RAISE(ABORT, 'the activity log is append-only: its rows are never deleted');
END;
)sql",
};

}  // namespace

int identify(SQLite::Database& db, const std::string& path, bool may_be_blank) {
  constexpr int latest = static_cast<int>(std::size(kMigrations));
  static_assert(latest == kSchemaVersion);
  // Read through this connection only: a second descriptor on the file, once closed, would
  // drop every POSIX lock this process holds on it (fcntl locks are per process and file).
  int app_id = db.execAndGet("PRAGMA application_id").getInt();
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (app_id != kApplicationId && app_id != 0)
    throw core::DataError(fmt::format(
        "{}: not a balint ledger (another program's SQLite file, application id {:#010x}); "
        "left as it was",
        path, static_cast<unsigned>(app_id)));
  if (app_id == 0) {
    bool tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
    if (tables || version != 0)
      throw core::DataError(fmt::format(
          "{}: not a balint ledger (another program's SQLite file: it holds other tables or its "
          "own version); left as it was",
          path));
    if (!may_be_blank)
      throw core::DataError(fmt::format(
          "{}: an empty SQLite file, not a balint ledger; left as it was (make it a ledger with "
          "'balint init')",
          path));
    return 0;
  }
  if (version > latest)
    throw core::DataError(fmt::format(
        "{}: this ledger has schema version {}, written by a newer balint; this one knows "
        "versions up to {}. Upgrade balint to open it.",
        path, version, latest));
  return version;
}

void migrate(SQLite::Database& db, const std::string& path) {
  constexpr int latest = static_cast<int>(std::size(kMigrations));
  int version = identify(db, path, true);
  if (version == latest) return;
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  // Re-read inside the write lock: another process may have migrated (or created) meanwhile.
  version = identify(db, path, true);
  for (int v = version; v < latest; ++v) db.exec(kMigrations[v]);
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
  db.exec(fmt::format("PRAGMA user_version = {}", latest));
  tx.commit();
}

void create_schema_at(SQLite::Database& db, int version) {
  constexpr int latest = static_cast<int>(std::size(kMigrations));
  if (version < 1 || version > latest)
    throw core::InternalError(fmt::format("no schema version {} (1 to {})", version, latest));
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (int v = 0; v < version; ++v) db.exec(kMigrations[v]);
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
  db.exec(fmt::format("PRAGMA user_version = {}", version));
  tx.commit();
}

}  // namespace balint::store::detail
