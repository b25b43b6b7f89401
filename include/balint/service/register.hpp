#pragma once
// The certificate register as the society's office reads it: every certificate with its
// standing, searched.
#include <cstddef>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/store/certificates.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// Where a certificate stands: the latest revision of a serial not revoked is current; an
/// earlier revision is superseded; every revision of a revoked serial is revoked.
enum class Standing { current, superseded, revoked };
std::string_view to_string(Standing s);

struct RegisterRow {
  store::CertificateRecord record;
  std::string name;  ///< the holder's name as the ledger has it now
  Standing standing = Standing::current;
};

struct RegisterQuery {
  std::string text;  ///< matched, ignoring case, in the serial, code, person id and name; "" = all
  std::string standing;  ///< "current", "superseded", "revoked", or "" for all
  std::size_t limit = 200;
};

struct RegisterPage {
  std::vector<RegisterRow> rows;  ///< newest issue first, at most `limit`
  std::size_t matched = 0;        ///< rows that matched, shown or not
  std::size_t total = 0;          ///< certificates in the register
};

/// The register's certificates matching `q`. UsageError for an unknown standing.
RegisterPage certificate_register(const store::Ledger& ledger, const RegisterQuery& q);

/// Revokes every revision of `serial` on `on` for `reason` (trimmed, NFC; in one transaction);
/// returns how many revisions it had. UsageError for an empty reason or one that is not
/// UTF-8; Conflict when the serial is unknown or revoked already.
std::size_t revoke_certificate(const store::Ledger& ledger, const std::string& serial,
                               const std::string& reason, core::Date on);

}  // namespace balint::service
