#include "balint/store/certificates.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "detail.hpp"

namespace balint::store {
namespace {

const char* const kColumns =
    "c.id, c.serial, c.revision, c.person, c.kind, c.ruleset, c.edition, c.period_from, "
    "c.period_to, c.figures, c.sha256, c.signature, c.payload, c.code, c.issued_on, c.file, "
    "c.issuer_key, r.revoked_on, r.reason";
const char* const kFrom =
    " FROM certificate c LEFT JOIN certificate_revocation r ON r.serial = c.serial ";

std::optional<core::Date> opt_date(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return core::Date::parse(s);
}

CertificateRecord read_record(SQLite::Statement& q) {
  CertificateRecord r;
  r.id = q.getColumn(0).getInt64();
  r.serial = q.getColumn(1).getString();
  r.revision = q.getColumn(2).getInt();
  r.person = q.getColumn(3).getString();
  r.kind = q.getColumn(4).getString();
  r.ruleset = q.getColumn(5).getString();
  r.edition = q.getColumn(6).getString();
  r.from = opt_date(q.getColumn(7).getString());
  r.to = opt_date(q.getColumn(8).getString());
  r.figures = q.getColumn(9).getString();
  r.sha256 = q.getColumn(10).getString();
  r.signature = q.getColumn(11).getString();
  r.payload = q.getColumn(12).getString();
  r.code = q.getColumn(13).getString();
  r.issued = *core::Date::parse(q.getColumn(14).getString());
  r.file = q.getColumn(15).getString();
  r.issuer_key = q.getColumn(16).getInt64();
  if (!q.getColumn(17).isNull()) {
    r.revoked_on = core::Date::parse(q.getColumn(17).getString());
    r.revoke_reason = q.getColumn(18).getString();
  }
  return r;
}

std::string iso_or_empty(const std::optional<core::Date>& d) {
  return d ? d->iso() : std::string();
}

}  // namespace

struct CertificateRegister::Impl {
  SQLite::Database db;
  std::string actor;
  Impl(const std::string& path, std::string who)
      : db(path, SQLite::OPEN_READWRITE), actor(std::move(who)) {
    db.setBusyTimeout(detail::kBusyTimeoutMs);
    db.exec("PRAGMA foreign_keys = ON");
  }

  std::vector<CertificateRecord> select(const std::string& where,
                                        const std::vector<std::string>& args) const {
    SQLite::Statement q(db, std::string("SELECT ") + kColumns + kFrom + where);
    for (std::size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i + 1), args[i]);
    std::vector<CertificateRecord> out;
    while (q.executeStep()) out.push_back(read_record(q));
    return out;
  }
};

CertificateRegister::CertificateRegister(const Ledger& ledger) {
  try {
    impl_ = std::make_unique<Impl>(ledger.path(), ledger.actor());
  } catch (const SQLite::Exception& e) {
    throw core::WriteError(
        fmt::format("{}: cannot open the certificate register: {}", ledger.path(), e.what()));
  }
}
CertificateRegister::~CertificateRegister() = default;
CertificateRegister::CertificateRegister(CertificateRegister&&) noexcept = default;
CertificateRegister& CertificateRegister::operator=(CertificateRegister&&) noexcept = default;

void CertificateRegister::transaction(const std::function<void()>& fn) {
  SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
  fn();
  tx.commit();
  detail::note_commit();
}

void CertificateRegister::record(const ActivityNote& note) {
  detail::record_activity(impl_->db, impl_->actor, note);
}

std::int64_t CertificateRegister::add_issuer_key(const std::string& public_key, core::Date on) {
  SQLite::Statement find(impl_->db, "SELECT id FROM issuer_key WHERE public_key = ?");
  find.bind(1, public_key);
  if (find.executeStep()) return find.getColumn(0).getInt64();
  SQLite::Statement q(impl_->db, "INSERT INTO issuer_key (public_key, created_on) VALUES (?, ?)");
  q.bind(1, public_key);
  q.bind(2, on.iso());
  q.exec();
  const std::int64_t id = impl_->db.getLastInsertRowid();
  record({"issuer key add", "issuer key", std::to_string(id), {}, {{"public key", public_key}}});
  return id;
}

std::vector<IssuerKey> CertificateRegister::issuer_keys() const {
  std::vector<IssuerKey> out;
  SQLite::Statement q(impl_->db, "SELECT id, public_key, created_on FROM issuer_key ORDER BY id");
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   *core::Date::parse(q.getColumn(2).getString())});
  return out;
}

std::string CertificateRegister::next_serial(const std::string& prefix, int year) const {
  std::string stem = fmt::format("{}-{}-", prefix, year);
  SQLite::Statement q(
      impl_->db,
      "SELECT coalesce(max(CAST(substr(serial, ?) AS INTEGER)), 0) FROM certificate "
      "WHERE substr(serial, 1, ?) = ?");
  q.bind(1, static_cast<int>(stem.size() + 1));
  q.bind(2, static_cast<int>(stem.size()));
  q.bind(3, stem);
  q.executeStep();
  return fmt::format("{}{:06}", stem, q.getColumn(0).getInt64() + 1);
}

CertificateSlot CertificateRegister::slot_for(const std::string& prefix, int year,
                                              const std::string& person, const std::string& ruleset,
                                              std::optional<core::Date> from,
                                              std::optional<core::Date> to,
                                              const std::vector<std::string>& taken) const {
  auto rows = impl_->select(
      "WHERE c.person = ? AND c.ruleset = ? AND c.period_from = ? AND c.period_to = ? "
      "AND r.serial IS NULL ORDER BY c.id DESC LIMIT 1",
      {person, ruleset, iso_or_empty(from), iso_or_empty(to)});
  if (!rows.empty()) {
    // The latest revision of that serial (a later row may belong to it).
    auto all = revisions(rows.front().serial);
    CertificateRecord last = all.back();
    return {last.serial, last.revision + 1, last};
  }
  std::string stem = fmt::format("{}-{}-", prefix, year);
  std::string serial = next_serial(prefix, year);
  long n = std::stol(serial.substr(stem.size()));
  while (std::find(taken.begin(), taken.end(), serial) != taken.end())
    serial = fmt::format("{}{:06}", stem, ++n);
  return {serial, 1, std::nullopt};
}

std::int64_t CertificateRegister::add(const CertificateRecord& r) {
  SQLite::Statement q(impl_->db,
                      "INSERT INTO certificate (serial, revision, person, kind, ruleset, edition, "
                      "period_from, period_to, figures, sha256, signature, payload, code, "
                      "issued_on, file, issuer_key) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.serial);
  q.bind(2, r.revision);
  q.bind(3, r.person);
  q.bind(4, r.kind);
  q.bind(5, r.ruleset);
  q.bind(6, r.edition);
  q.bind(7, iso_or_empty(r.from));
  q.bind(8, iso_or_empty(r.to));
  q.bind(9, r.figures);
  q.bind(10, r.sha256);
  q.bind(11, r.signature);
  q.bind(12, r.payload);
  q.bind(13, r.code);
  q.bind(14, r.issued.iso());
  q.bind(15, r.file);
  q.bind(16, r.issuer_key);
  q.exec();
  const std::int64_t id = impl_->db.getLastInsertRowid();
  // Every certificate added is recorded here, whichever command or page issued it.
  record({"certificate issue",
          "certificate",
          fmt::format("{}/{}", r.serial, r.revision),
          {r.person},
          {{"rules", r.ruleset}, {"code", r.code}, {"file", r.file}}});
  return id;
}

std::optional<CertificateRecord> CertificateRegister::find(const std::string& serial,
                                                           int revision) const {
  auto rows =
      impl_->select("WHERE c.serial = ? AND c.revision = ?", {serial, std::to_string(revision)});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<CertificateRecord> CertificateRegister::find_by_code(const std::string& code) const {
  auto rows = impl_->select("WHERE c.code = ?", {code});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<CertificateRecord> CertificateRegister::find_by_sha256(
    const std::string& sha256) const {
  return impl_->select("WHERE c.sha256 = ? ORDER BY c.id", {sha256});
}

std::optional<CertificateRecord> CertificateRegister::latest_in_file(
    const std::string& file) const {
  auto rows = impl_->select("WHERE c.file = ? ORDER BY c.id DESC LIMIT 1", {file});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<CertificateRecord> CertificateRegister::revisions(const std::string& serial) const {
  return impl_->select("WHERE c.serial = ? ORDER BY c.revision", {serial});
}

std::vector<CertificateRecord> Ledger::certificates_of(const std::string& person) const {
  // Through the index certificate_subject (person, ...).
  SQLite::Statement q(impl_->db, std::string("SELECT ") + kColumns + kFrom +
                                     "WHERE c.person = ? ORDER BY c.serial, c.revision");
  q.bind(1, person);
  std::vector<CertificateRecord> out;
  while (q.executeStep()) out.push_back(read_record(q));
  return out;
}

std::vector<CertificateRecord> CertificateRegister::all() const {
  return impl_->select("ORDER BY c.serial, c.revision", {});
}

void CertificateRegister::revoke(const std::string& serial, const std::string& reason,
                                 core::Date on) {
  auto rows = revisions(serial);
  if (rows.empty()) {
    std::vector<std::string> serials;
    for (const auto& r : all())
      if (serials.empty() || serials.back() != r.serial) serials.push_back(r.serial);
    throw core::UsageError(fmt::format("no certificate {} in the register{}", serial,
                                       core::did_you_mean(serial, serials)));
  }
  if (rows.front().revoked_on)
    throw core::UsageError(fmt::format("{} was revoked already on {}: {}", serial,
                                       rows.front().revoked_on->iso(), rows.front().revoke_reason));
  // A certificate cannot have been withdrawn before it existed (issue 14).
  const auto& latest = rows.back();
  if (on < latest.issued)
    throw core::UsageError(fmt::format(
        "{}: a revocation as of {} is before revision {} was issued ({}); give --as-of {} or later",
        serial, on.iso(), latest.revision, latest.issued.iso(), latest.issued.iso()));
  SQLite::Statement q(impl_->db,
                      "INSERT INTO certificate_revocation (serial, reason, revoked_on) "
                      "VALUES (?, ?, ?)");
  q.bind(1, serial);
  q.bind(2, reason);
  q.bind(3, on.iso());
  q.exec();
  record({"certificate revoke",
          "certificate",
          serial,
          {latest.person},
          {{"reason", reason}, {"on", on.iso()}}});
}

}  // namespace balint::store
