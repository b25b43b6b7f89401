#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>
#include <sodium.h>
#include <sqlite3.h>

#include "balint/core/error.hpp"
#include "balint/core/path.hpp"
#include "detail.hpp"

namespace balint::store {
namespace fs = std::filesystem;
namespace {

int g_commits = 0;

// Why the ledger cannot be written: its file or its folder (where SQLite creates LEDGER-wal
// and LEDGER-shm) read-only; access() also sees a read-only mount when running as root.
std::string read_only_reason(const std::string& path) {
  if (::access(path.c_str(), W_OK) != 0)
    return fmt::format("{}: the ledger file is read-only ({}); nothing was changed", path,
                       std::strerror(errno));
  std::string dir = core::folder_of(path);
  if (::access(dir.c_str(), W_OK) != 0)
    return fmt::format(
        "{}: the ledger's folder {} is read-only ({}): SQLite must create {}-wal "
        "beside the ledger to write; nothing was changed",
        path, dir, std::strerror(errno), fs::path(path).filename().string());
  return "";
}

// A read-only folder and no -wal/-shm beside the ledger: SQLite cannot open a WAL ledger even
// to read, unless told that nothing will change it (immutable): reads work on read-only media.
bool needs_immutable(const std::string& path) {
  std::string dir = core::folder_of(path);
  struct stat st {};
  return ::access(dir.c_str(), W_OK) != 0 && ::stat((path + "-shm").c_str(), &st) != 0 &&
         ::stat((path + "-wal").c_str(), &st) != 0;
}

// file:PATH?immutable=1, the path percent-encoded where a URI needs it.
std::string immutable_uri(const std::string& path) {
  std::string out = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c == 0x7F)
      out += fmt::format("%{:02X}", static_cast<unsigned>(c));
    else
      out += static_cast<char>(c);
  }
  return out + "?immutable=1";
}

// Creates the folder (0700) and an empty file (0600) so SQLite never creates it wider.
void create_private_file(const std::string& path) {
  fs::path dir = core::folder_of(path);
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      throw core::WriteError(
          fmt::format("{}: cannot create folder: {}", dir.string(), ec.message()));
    ::chmod(dir.c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    throw core::WriteError(fmt::format("{}: cannot create ledger: {}", path, std::strerror(errno)));
  if (fd >= 0) ::close(fd);
}

std::string no_ledger(const std::string& path) {
  return fmt::format("no ledger at {}; create one with 'balint init'", path);
}

std::unique_ptr<Ledger::Impl> open_impl(const std::string& path, Ledger::Mode mode) {
  // stat only: opening the file here to look at it, then closing it, would drop the POSIX
  // locks of any other connection this process has on it. Identification reads through the
  // SQLite connection itself (detail::identify).
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT)
      throw core::NoInputError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    if (mode != Ledger::Mode::create) throw core::NoInputError(no_ledger(path));
    create_private_file(path);
  } else if (S_ISDIR(st.st_mode)) {
    throw core::NoInputError(fmt::format("{}: is a folder, not a ledger file", path));
  } else if (!S_ISREG(st.st_mode)) {
    throw core::DataError(fmt::format("{}: not a regular file, not a balint ledger", path));
  } else if (st.st_size == 0 && mode != Ledger::Mode::create) {
    throw core::DataError(
        fmt::format("{}: an empty file, not a balint ledger; left as it was (make it a ledger with "
                    "'balint init')",
                    path));
  }
  try {
    if (sodium_init() < 0) throw core::InternalError("libsodium failed to initialise");
    // No mutex on the connection (SQLite's multi-thread mode): a Ledger is used by one
    // thread at a time (audit's second thread only evaluates), and a large import makes
    // some 30 library calls a row, each taking and releasing it.
    const bool read = mode == Ledger::Mode::read;
    const bool immutable = read && needs_immutable(path);
    auto impl = std::make_unique<Ledger::Impl>(
        path,
        (read ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) | SQLite::OPEN_NOMUTEX |
            (immutable ? SQLite::OPEN_URI : 0),
        immutable ? immutable_uri(path) : std::string());
    impl->db.setBusyTimeout(detail::kBusyTimeoutMs);
    if (read) {
      // Reads never migrate nor write: an older schema is named, not upgraded.
      int version = detail::identify(impl->db, path, false);
      if (version < kSchemaVersion)
        throw core::DataError(fmt::format(
            "{}: this ledger has schema version {}, older than this balint's {}; 'balint init' "
            "upgrades it (commands that only read never do)",
            path, version, kSchemaVersion));
      impl->db.exec("PRAGMA foreign_keys = ON");
      return impl;
    }
    // Identify before the first write: a foreign or blank file is refused untouched.
    detail::identify(impl->db, path, mode == Ledger::Mode::create);
    impl->db.exec("PRAGMA foreign_keys = ON");
    detail::migrate(impl->db, path);
    if (impl->db.execAndGet("PRAGMA journal_mode").getString() != "wal")
      impl->db.exec("PRAGMA journal_mode = WAL");
    impl->db.exec("PRAGMA synchronous = NORMAL");
    return impl;
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB)
      throw core::DataError(fmt::format("{}: not a balint ledger (not an SQLite file)", path));
    if (auto w = write_failure(e, path)) throw *w;
    if (e.getErrorCode() == SQLITE_CANTOPEN || e.getErrorCode() == SQLITE_READONLY)
      throw core::WriteError(fmt::format("{}: cannot open for writing: {}", path, e.what()));
    throw;
  }
}

}  // namespace

void detail::note_commit() { ++g_commits; }
int committed_transactions() { return g_commits; }

std::optional<core::WriteError> write_failure(const std::exception& e, const std::string& path) {
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (!s) return std::nullopt;
  switch (s->getErrorCode() & 0xFF) {
    case SQLITE_FULL:
      return core::WriteError(
          fmt::format("no space left on device while writing {}; nothing was changed", path));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM: {
      std::string why = read_only_reason(path);
      if (why.empty() && (s->getErrorCode() & 0xFF) == SQLITE_CANTOPEN) return std::nullopt;
      if (why.empty())
        why = fmt::format("{}: the ledger cannot be written ({}); nothing was changed", path,
                          s->what());
      return core::WriteError(why);
    }
    case SQLITE_IOERR:
      return core::WriteError(
          fmt::format("{}: the disk failed while writing the ledger ({}); nothing was changed",
                      path, s->what()));
    default: return std::nullopt;
  }
}

std::optional<core::DataError> damaged_ledger(const std::exception& e, const std::string& path) {
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (!s ||
      ((s->getErrorCode() & 0xFF) != SQLITE_CORRUPT && (s->getErrorCode() & 0xFF) != SQLITE_NOTADB))
    return std::nullopt;
  return core::DataError(fmt::format(
      "{}: the ledger file is damaged ({}); nothing was changed. Restore the last backup "
      "('balint backup FILE' makes one), or ask SQLite to recover what it can: "
      "sqlite3 {} .recover | sqlite3 recovered.sqlite",
      path, s->what(), path));
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

Ledger::Ledger(const std::string& path, Mode mode) : impl_(open_impl(path, mode)) {}
Ledger::~Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;

const std::string& Ledger::path() const { return impl_->path; }

int Ledger::schema_version() const { return impl_->db.execAndGet("PRAGMA user_version").getInt(); }

std::int64_t Ledger::data_version() const {
  return impl_->db.execAndGet("PRAGMA data_version").getInt64();
}

std::int64_t Ledger::changes() const { return sqlite3_total_changes64(impl_->db.getHandle()); }

void Ledger::map_file(std::int64_t bytes) {
  impl_->db.exec(fmt::format("PRAGMA mmap_size = {}", bytes < 0 ? 0 : bytes));
}

void Ledger::transaction(const std::function<void()>& fn) {
  SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
  fn();
  tx.commit();
  detail::note_commit();
}

bool Ledger::has_person(const std::string& id) const {
  SQLite::Statement q(impl_->db, "SELECT 1 FROM person WHERE id = ?");
  q.bind(1, id);
  return q.executeStep();
}

std::optional<domain::Person> Ledger::person(const std::string& id) const {
  SQLite::Statement q(impl_->db, "SELECT id, name, email FROM person WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  domain::Person p{
      q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), {}};
  SQLite::Statement a(impl_->db,
                      "SELECT key, value FROM person_attr WHERE person = ? ORDER BY key");
  a.bind(1, id);
  while (a.executeStep()) p.attrs[a.getColumn(0).getString()] = a.getColumn(1).getString();
  return p;
}

std::vector<domain::Person> Ledger::people() const {
  std::vector<domain::Person> out;
  SQLite::Statement q(impl_->db, "SELECT id, name, email FROM person ORDER BY id");
  while (q.executeStep())
    out.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), {}});
  SQLite::Statement a(impl_->db, "SELECT person, key, value FROM person_attr ORDER BY person, key");
  std::size_t i = 0;
  while (a.executeStep()) {
    std::string who = a.getColumn(0).getString();
    while (i < out.size() && out[i].id < who) ++i;
    if (i < out.size() && out[i].id == who)
      out[i].attrs[a.getColumn(1).getString()] = a.getColumn(2).getString();
  }
  return out;
}

std::vector<std::string> Ledger::person_ids() const {
  std::vector<std::string> out;
  SQLite::Statement q(impl_->db, "SELECT id FROM person ORDER BY id");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void Ledger::add_person(const domain::Person& p) {
  SQLite::Statement q(impl_->db, "INSERT INTO person (id, name, email) VALUES (?, ?, ?)");
  q.bind(1, p.id);
  q.bind(2, p.name);
  q.bind(3, p.email);
  q.exec();
  SQLite::Statement a(impl_->db, "INSERT INTO person_attr (person, key, value) VALUES (?, ?, ?)");
  for (const auto& [k, v] : p.attrs) {
    a.reset();
    a.bind(1, p.id);
    a.bind(2, k);
    a.bind(3, v);
    a.exec();
  }
}

void Ledger::update_person(const std::string& id, const std::optional<std::string>& name,
                           const std::optional<std::string>& email,
                           const std::vector<std::pair<std::string, std::string>>& attrs) {
  if (name) {
    SQLite::Statement q(impl_->db, "UPDATE person SET name = ? WHERE id = ?");
    q.bind(1, *name);
    q.bind(2, id);
    q.exec();
  }
  if (email) {
    SQLite::Statement q(impl_->db, "UPDATE person SET email = ? WHERE id = ?");
    q.bind(1, *email);
    q.bind(2, id);
    q.exec();
  }
  for (const auto& [k, v] : attrs) {
    SQLite::Statement q(
        impl_->db, v.empty() ? "DELETE FROM person_attr WHERE person = ? AND key = ?"
                             : "INSERT INTO person_attr (person, key, value) VALUES (?, ?, ?) "
                               "ON CONFLICT (person, key) DO UPDATE SET value = excluded.value");
    q.bind(1, id);
    q.bind(2, k);
    if (!v.empty()) q.bind(3, v);
    q.exec();
  }
}

std::int64_t Ledger::add_membership(const domain::Membership& m) {
  SQLite::Statement q(
      impl_->db, "INSERT INTO membership (person, body, date_from, date_to) VALUES (?, ?, ?, ?)");
  q.bind(1, m.person);
  q.bind(2, m.body);
  q.bind(3, m.from.iso());
  detail::bind_opt(q, 4, m.to ? m.to->iso() : std::string{});
  q.exec();
  return impl_->db.getLastInsertRowid();
}

std::int64_t Ledger::add_accreditation(const domain::Accreditation& a,
                                       const std::string& recorded_by) {
  SQLite::Statement q(impl_->db,
                      "INSERT INTO accreditation (person, family, granted_on, note, recorded_by) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, a.person);
  q.bind(2, a.family);
  q.bind(3, a.on.iso());
  q.bind(4, a.note);
  q.bind(5, recorded_by);
  q.exec();
  return impl_->db.getLastInsertRowid();
}

std::int64_t Ledger::add_enrolment(const domain::Enrolment& e) {
  SQLite::Statement q(impl_->db,
                      "INSERT INTO enrolment (person, family, enrolled_on) VALUES (?, ?, ?)");
  q.bind(1, e.person);
  q.bind(2, e.family);
  q.bind(3, e.on.iso());
  q.exec();
  return impl_->db.getLastInsertRowid();
}

std::int64_t Ledger::add_document(const domain::Document& d, const std::string& content) {
  SQLite::Statement q(
      impl_->db,
      "INSERT INTO document (person, type, dated, file_name, sha256, size, content, "
      "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, d.person);
  q.bind(2, d.type);
  q.bind(3, d.on.iso());
  q.bind(4, d.file_name);
  q.bind(5, d.file_name.empty() ? std::string{} : sha256_hex(content));
  if (d.file_name.empty()) {
    q.bind(6);
    q.bind(7);
  } else {
    q.bind(6, static_cast<std::int64_t>(content.size()));
    q.bind(7, content.data(), static_cast<int>(content.size()));
  }
  q.bind(8, d.note);
  q.exec();
  return impl_->db.getLastInsertRowid();
}

std::int64_t Ledger::add_waiver(const domain::Waiver& w) {
  SQLite::Statement q(impl_->db,
                      "INSERT INTO waiver (person, ruleset, requirement, reason, granted_by, "
                      "granted_on) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, w.person);
  q.bind(2, w.ruleset);
  q.bind(3, w.requirement);
  q.bind(4, w.reason);
  detail::bind_opt(q, 5, w.by);
  q.bind(6, w.on.iso());
  q.exec();
  return impl_->db.getLastInsertRowid();
}

std::vector<domain::Membership> Ledger::memberships(const std::string& person) const {
  std::vector<domain::Membership> out;
  SQLite::Statement q(impl_->db,
                      "SELECT person, body, date_from, date_to FROM membership WHERE person = ? "
                      "ORDER BY date_from, id");
  q.bind(1, person);
  while (q.executeStep()) {
    domain::Membership m{q.getColumn(0).getString(), q.getColumn(1).getString(),
                         *core::Date::parse(q.getColumn(2).getString()), std::nullopt};
    if (!q.getColumn(3).isNull()) m.to = core::Date::parse(q.getColumn(3).getString());
    out.push_back(std::move(m));
  }
  return out;
}

Ledger::NamesInUse Ledger::names_in_use() const {
  auto column = [](SQLite::Statement& q) {
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  };
  NamesInUse n;
  SQLite::Statement bodies(impl_->db, "SELECT DISTINCT body FROM membership ORDER BY 1");
  n.bodies = column(bodies);
  SQLite::Statement families(impl_->db,
                             "SELECT family FROM enrolment UNION SELECT family FROM accreditation "
                             "ORDER BY 1");
  n.families = column(families);
  SQLite::Statement types(impl_->db, "SELECT DISTINCT type FROM document ORDER BY 1");
  n.document_types = column(types);
  return n;
}

std::vector<domain::Accreditation> Ledger::accreditations(const std::string* person) const {
  std::vector<domain::Accreditation> out;
  SQLite::Statement q(impl_->db, person
                                     ? "SELECT person, family, granted_on, note FROM accreditation "
                                       "WHERE person = ? ORDER BY person, granted_on, id"
                                     : "SELECT person, family, granted_on, note FROM accreditation "
                                       "ORDER BY person, granted_on, id");
  if (person) q.bind(1, *person);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   *core::Date::parse(q.getColumn(2).getString()), q.getColumn(3).getString()});
  return out;
}

std::vector<domain::Enrolment> Ledger::enrolments(const std::string& person) const {
  std::vector<domain::Enrolment> out;
  SQLite::Statement q(impl_->db,
                      "SELECT person, family, enrolled_on FROM enrolment WHERE person = ? "
                      "ORDER BY family");
  q.bind(1, person);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   *core::Date::parse(q.getColumn(2).getString())});
  return out;
}

std::vector<domain::Document> Ledger::documents(const std::string& person) const {
  std::vector<domain::Document> out;
  SQLite::Statement q(impl_->db,
                      "SELECT id, person, type, dated, file_name, sha256, note FROM document "
                      "WHERE person = ? ORDER BY dated, id");
  q.bind(1, person);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), *core::Date::parse(q.getColumn(3).getString()),
                   q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getString()});
  return out;
}

std::vector<domain::Waiver> Ledger::waivers(const std::string& person) const {
  std::vector<domain::Waiver> out;
  SQLite::Statement q(impl_->db,
                      "SELECT id, person, ruleset, requirement, reason, coalesce(granted_by, ''), "
                      "granted_on FROM waiver WHERE person = ? ORDER BY granted_on, id");
  q.bind(1, person);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getString(), q.getColumn(5).getString(),
                   *core::Date::parse(q.getColumn(6).getString())});
  return out;
}

domain::PersonHistory Ledger::history(const std::string& id) const {
  domain::PersonHistory h;
  auto p = person(id);
  if (!p) throw core::UsageError(fmt::format("no person '{}' in the ledger", id));
  h.person = *p;
  EntryFilter f;
  f.person = id;
  f.include_voided = true;
  h.entries = entries(f);
  h.memberships = memberships(id);
  h.accreditations = accreditations(&id);
  h.enrolments = enrolments(id);
  h.documents = documents(id);
  h.waivers = waivers(id);
  return h;
}

void Ledger::backup(const std::string& dest) const {
  int fd = ::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw core::WriteError(fmt::format("{}: cannot create backup: {}", dest, std::strerror(errno)));
  ::close(fd);
  try {
    SQLite::Database out(dest, SQLite::OPEN_READWRITE);
    SQLite::Backup b(out, impl_->db);
    b.executeStep();
  } catch (const SQLite::Exception& e) {
    fs::remove(dest);
    throw core::WriteError(fmt::format("{}: backup failed: {}", dest, e.what()));
  }
}

std::vector<std::string> Ledger::quick_check(int limit) const {
  std::vector<std::string> out;
  SQLite::Statement q(impl_->db, fmt::format("PRAGMA quick_check({})", limit));
  while (q.executeStep()) {
    std::string row = q.getColumn(0).getString();
    if (row != "ok") out.push_back(std::move(row));
  }
  return out;
}

}  // namespace balint::store
