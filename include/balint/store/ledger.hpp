#pragma once
// The SQLite ledger: schema and migrations, people, records, entries, voids, waivers, backup.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"
#include "balint/domain/model.hpp"
#include "balint/store/activity.hpp"

namespace balint::store {

/// The schema version this build writes (PRAGMA user_version).
constexpr int kSchemaVersion = 6;

struct CertificateRecord;  // certificates.hpp

/// Which entries to list.
struct EntryFilter {
  std::optional<std::string> person;
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  bool include_voided = false;
};

/// What an import did or would do.
struct ImportResult {
  std::int64_t rows = 0;     // data rows read
  std::int64_t added = 0;    // new entries (or people)
  std::int64_t present = 0;  // rows already in the ledger
};

class Ledger;

/// What a failed write to the ledger at `path` means for the user (issue 14, finding 10):
/// when `e` is SQLite's "database or disk is full", "attempt to write a readonly database",
/// "unable to open database file" or a disk I/O error, the WriteError (exit 73) that says so:
/// "no space left on device while writing LEDGER; nothing was changed", the ledger file or
/// its folder read-only, ...; nullopt for anything else. The transaction that failed has been
/// rolled back, so nothing of it was written.
std::optional<core::WriteError> write_failure(const std::exception& e, const std::string& path);
/// A damaged ledger file (SQLite says the database is malformed or not a database, after it
/// was identified as a ledger): DataError naming the file and what to do; nullopt otherwise.
std::optional<core::DataError> damaged_ledger(const std::exception& e, const std::string& path);

/// Write transactions committed by this process so far (every Ledger and register): a
/// command whose output fails afterwards says the ledger was changed all the same.
int committed_transactions();

/// Streams validated entries into the ledger inside one transaction; nothing is kept unless
/// `commit()` is called. Rows identical to ones already present (as a multiset) are counted,
/// not added.
class EntryImport {
 public:
  explicit EntryImport(Ledger& ledger, const std::string& file);
  ~EntryImport();
  EntryImport(const EntryImport&) = delete;
  EntryImport& operator=(const EntryImport&) = delete;
  void add(const domain::Entry& e);
  const ImportResult& result() const { return result_; }
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ImportResult result_;
};

/// An open ledger file. Writers wait for one another (busy timeout) rather than fail.
class Ledger {
 public:
  enum class Mode { read, write, create };
  /// Opens `path`, first checking through the same connection that it is a balint ledger.
  /// Only create mode (balint init) creates a missing file (0600, a new folder 0700) or makes
  /// a ledger of an empty one; otherwise a missing file is NoInputError, and an empty file,
  /// another program's SQLite file and a newer schema are DataError, the file left untouched.
  /// Read mode opens read-only and never migrates; write and create modes migrate.
  Ledger(const std::string& path, Mode mode);
  ~Ledger();
  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;

  const std::string& path() const;
  int schema_version() const;
  /// Runs `fn` inside one write transaction (BEGIN IMMEDIATE); rolls back when it throws.
  void transaction(const std::function<void()>& fn);
  /// SQLite's `PRAGMA data_version` on this connection: it changes when any other connection
  /// (another Ledger, a certificate register, another process) has committed to the file since
  /// it was last read here; this connection's own commits leave it as it is.
  std::int64_t data_version() const;
  /// The rows this connection has inserted, updated or deleted since it opened (SQLite's
  /// total changes): every write made through this Ledger changes it.
  std::int64_t changes() const;
  /// Lets this connection read the file through a memory map of up to `bytes` (SQLite's
  /// `PRAGMA mmap_size`; 0 turns it off) rather than a read call into its own page cache per
  /// page: for a connection kept open for many reads (the web server's pool), whose pages
  /// then come from the kernel's cache, shared by every connection.
  void map_file(std::int64_t bytes);

  // People.
  bool has_person(const std::string& id) const;
  std::optional<domain::Person> person(const std::string& id) const;
  std::vector<domain::Person> people() const;
  std::vector<std::string> person_ids() const;
  void add_person(const domain::Person& p);
  /// Replaces name/email (when non-empty) and sets the given attributes (empty value removes).
  void update_person(const std::string& id, const std::optional<std::string>& name,
                     const std::optional<std::string>& email,
                     const std::vector<std::pair<std::string, std::string>>& attrs);

  // Records about a person.
  std::int64_t add_membership(const domain::Membership& m);
  std::int64_t add_accreditation(const domain::Accreditation& a, const std::string& recorded_by);
  /// Returns false when the same enrolment (person, family) already exists with that date.
  std::int64_t add_enrolment(const domain::Enrolment& e);
  /// Stores the document; when it has a file name, `content` is kept with its SHA-256.
  std::int64_t add_document(const domain::Document& d, const std::string& content);
  std::int64_t add_waiver(const domain::Waiver& w);
  std::vector<domain::Membership> memberships(const std::string& person) const;
  /// Every accreditation, or only `person`'s, by person, date granted, id.
  std::vector<domain::Accreditation> accreditations(const std::string* person = nullptr) const;
  std::vector<domain::Enrolment> enrolments(const std::string& person) const;
  std::vector<domain::Document> documents(const std::string& person) const;
  std::vector<domain::Waiver> waivers(const std::string& person) const;
  /// The names records already use, sorted: membership bodies, families of enrolments and
  /// accreditations, document types (for checking new records' names, issue 16).
  struct NamesInUse {
    std::vector<std::string> bodies, families, document_types;
  };
  NamesInUse names_in_use() const;

  // Entries.
  /// Adds entries (from `balint log`); returns their ids.
  std::vector<std::int64_t> add_entries(const std::vector<domain::Entry>& entries);
  std::optional<domain::Entry> entry(std::int64_t id) const;
  std::vector<domain::Entry> entries(const EntryFilter& f) const;
  /// Calls `fn` for each entry matching the filter, in (date, id) order, without keeping them.
  void for_each_entry(const EntryFilter& f,
                      const std::function<void(const domain::Entry&)>& fn) const;
  /// One group's entries, not void, by date, person and id (index entry_group_date).
  void for_each_entry_in_group(const std::string& group,
                               const std::function<void(const domain::Entry&)>& fn) const;
  /// Records the void; `account` is the web account that asked (none from the command line).
  void void_entry(std::int64_t id, const std::string& reason, core::Date on,
                  std::optional<std::int64_t> account = std::nullopt);
  /// Sets an unverified entry's verified_by to `by` (and its content key to match) and records
  /// who confirmed it, when, through which account.
  void confirm_entry(std::int64_t id, const std::string& by, core::Date on,
                     std::optional<std::int64_t> account);
  /// Everything evaluation needs about one person.
  domain::PersonHistory history(const std::string& person) const;
  /// `person`'s certificates in the register, by serial then revision, read through this
  /// connection (a web dashboard's, which need not open the register's own). Defined in
  /// certificates.cpp; include balint/store/certificates.hpp to use it.
  std::vector<CertificateRecord> certificates_of(const std::string& person) const;

  // The activity log (activity.hpp).
  /// Who this connection's writes are recorded as (`Activity::actor`): command_line_actor()
  /// until set (the server sets "web:PERSON" for each request).
  void set_actor(std::string actor);
  const std::string& actor() const;
  /// Adds one row to the activity log for the write being made: call it inside the write's
  /// transaction, so that both are kept or neither.
  void record(const ActivityNote& note);
  /// The rows matching `f`, oldest first.
  std::vector<Activity> activity(const ActivityFilter& f) const;

  /// A consistent copy of the ledger into `dest` (SQLite online backup), mode 0600.
  void backup(const std::string& dest) const;
  /// What SQLite's `PRAGMA quick_check` finds wrong with the file (at most `limit` messages);
  /// empty when nothing is. It reads the whole file: seconds on a large ledger.
  std::vector<std::string> quick_check(int limit = 20) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  friend class EntryImport;
  friend class Accounts;
};

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// A key that is equal for two entries exactly when every §5 column is equal.
std::string entry_content_key(const domain::Entry& e);

}  // namespace balint::store
