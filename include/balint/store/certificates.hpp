#pragma once
// The certificate register: every certificate issued (one row per revision of a serial), its
// revocation, and the issuer's public keys.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {

/// One issued certificate: one revision of one serial.
struct CertificateRecord {
  std::int64_t id = 0;
  std::string serial;  ///< "CPD-2026-000123", "ACC-2026-000007"
  int revision = 1;    ///< 1 for the first issue; re-issues count up
  std::string person;
  std::string kind;     ///< "cpd" or "accreditation"
  std::string ruleset;  ///< rule set id
  std::string edition;
  std::optional<core::Date> from;  ///< the period; absent for accreditation
  std::optional<core::Date> to;
  std::string figures;          ///< JSON object
  std::string sha256;           ///< hex SHA-256 of the PDF file as written
  std::string signature;        ///< base64url of the Ed25519 signature
  std::string payload;          ///< the signed token, "BLC1.…"
  std::string code;             ///< human code, "7KQF-2M9X-WPAB"
  core::Date issued;            ///< issue date (--as-of)
  std::string file;             ///< where the PDF was written
  std::int64_t issuer_key = 0;  ///< id of the issuer key that signed it
  // Filled when reading: the serial's revocation, if any.
  std::optional<core::Date> revoked_on;
  std::string revoke_reason;
};

/// An issuer public key recorded in the ledger.
struct IssuerKey {
  std::int64_t id = 0;
  std::string public_key;  ///< "balint-ed25519:<base64>"
  core::Date created_on;
};

/// Where the next certificate for a subject goes.
struct CertificateSlot {
  std::string serial;
  int revision = 1;
  /// The latest earlier revision of this serial (revision − 1); absent for a new serial.
  std::optional<CertificateRecord> previous;
};

/// The register of a ledger. It keeps its own connection to the ledger file (WAL), so its
/// transactions are its own; open it after the Ledger, which creates and migrates the file.
class CertificateRegister {
 public:
  explicit CertificateRegister(const Ledger& ledger);
  ~CertificateRegister();
  CertificateRegister(CertificateRegister&&) noexcept;
  CertificateRegister& operator=(CertificateRegister&&) noexcept;

  /// Runs `fn` inside one write transaction (BEGIN IMMEDIATE); rolls back when it throws.
  void transaction(const std::function<void()>& fn);
  /// Adds one activity row (Ledger::record) as the actor of the ledger this register was
  /// opened from; call it inside the write's transaction.
  void record(const ActivityNote& note);

  // Issuer keys.
  /// Records a public key (text form); returns its id (the existing one when recorded already).
  std::int64_t add_issuer_key(const std::string& public_key, core::Date on);
  /// Every key, oldest first; the last one is the current issuer key.
  std::vector<IssuerKey> issuer_keys() const;

  // Issuing.
  /// The next free serial for `prefix` ("CPD", "ACC") in `year`: PREFIX-YEAR-NNNNNN.
  std::string next_serial(const std::string& prefix, int year) const;
  /// The serial and revision for a certificate of `person` under `ruleset` for the period:
  /// the latest serial of that subject that is not revoked, with the next revision; otherwise
  /// a new serial (`prefix`, `year`), revision 1. `taken` lists serials planned but not yet
  /// added (bulk planning), which next_serial skips.
  CertificateSlot slot_for(const std::string& prefix, int year, const std::string& person,
                           const std::string& ruleset, std::optional<core::Date> from,
                           std::optional<core::Date> to,
                           const std::vector<std::string>& taken = {}) const;
  /// Adds one issued certificate; returns its row id.
  std::int64_t add(const CertificateRecord& r);

  // Looking up.
  std::optional<CertificateRecord> find(const std::string& serial, int revision) const;
  /// By human code (grouped form, as normalise_code gives it).
  std::optional<CertificateRecord> find_by_code(const std::string& code) const;
  /// The certificates written into the file with this SHA-256 (several for a combined PDF).
  std::vector<CertificateRecord> find_by_sha256(const std::string& sha256) const;
  /// The newest certificate written to `file` (an absolute path, as the register keeps it):
  /// the one whose bytes that file should hold (a re-issue in place replaces the older).
  std::optional<CertificateRecord> latest_in_file(const std::string& file) const;
  /// Every revision of a serial, by revision.
  std::vector<CertificateRecord> revisions(const std::string& serial) const;
  /// Every certificate, by serial then revision.
  std::vector<CertificateRecord> all() const;

  /// Revokes every revision of `serial`; UsageError when unknown or already revoked.
  void revoke(const std::string& serial, const std::string& reason, core::Date on);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace balint::store
