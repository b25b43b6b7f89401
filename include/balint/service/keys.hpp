#pragma once
// The issuer's keys: the Ed25519 key pair that signs certificates, the public keys a ledger
// has signed with, and public key files for verifying without the ledger.
#include <cstdint>
#include <string>
#include <vector>

#include "balint/cert/keys.hpp"
#include "balint/core/date.hpp"
#include "balint/store/certificates.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// The private key that signs, and its issuer_key row.
struct SigningKey {
  cert::SecretKey secret;
  std::int64_t id = 0;
};
/// The private key at `path`, checked against the public keys the ledger records: only the
/// current one signs. NoInputError without a key file; DataError for a replaced or foreign key.
SigningKey load_signing_key(const std::string& path, const store::CertificateRegister& reg);
/// Every public key the ledger has signed with, oldest first, one a line, each tagged with its
/// id and the dates it signed from (and, for a retired one, to):
///   balint-ed25519:<base64> id=<key_id> from=YYYY-MM-DD [to=YYYY-MM-DD]
std::string public_keys_text(const std::vector<store::IssuerKey>& keys);

/// Creates a key pair: the private key written to `key_path` (mode 0600; an existing one is
/// replaced only with `force`, WriteError otherwise) in the same transaction as the public
/// key's row in the register, then every public key written to `public_path` (mode 0644).
void create_issuer_key(const store::Ledger& ledger, const std::string& key_path,
                       const std::string& public_path, bool force, core::Date on);

/// The public keys in a file `balint keys export` wrote (a bare key line as written before
/// issue 14 too; the tags after the key are informative). DataError naming each bad line, or
/// when the file holds no key.
std::vector<cert::PublicKey> read_public_keys(const std::string& path);

}  // namespace balint::service
