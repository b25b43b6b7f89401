#pragma once
// Deciding whether a certificate is valid, altered, revoked or unknown, from its token, the
// issuer's public keys and, when there is one, what the register recorded.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/cert/keys.hpp"
#include "balint/cert/payload.hpp"
#include "balint/core/date.hpp"

namespace balint::cert {

/// The answers of `balint verify`.
enum class Verdict { valid, altered, revoked, unknown, superseded };
/// "valid", "altered", "revoked", "unknown", "superseded".
std::string_view to_string(Verdict v);

/// A verdict and one line explaining it.
struct Finding {
  Verdict verdict = Verdict::unknown;
  /// Why (for a valid certificate: what it certifies). Raw text: escape it for a terminal.
  std::string text;
  bool offline = false;  ///< the signature was checked, the register was not (verify --key)
  /// For any verdict but valid: what the payload claims (describe()), not to be believed;
  /// empty when the payload could not be read.
  std::string claims = {};
};

/// The verdict as the line's first words: "valid", ..., or for a signature checked without
/// the register, "signature valid; revocation not checked offline".
std::string headline(const Finding& f);

/// What the register holds for one serial and revision.
struct Registered {
  std::string token;   ///< the token issued
  std::string sha256;  ///< hex SHA-256 of the file issued
  std::optional<core::Date> revoked_on;
  std::string revoke_reason;
  int latest_revision = 1;          ///< the serial's newest revision
  bool latest_same_figures = true;  ///< the newest revision has the same figures as this one
};

/// Looks a serial and revision up in the register; nullopt when it is not there.
using RegisterLookup =
    std::function<std::optional<Registered>(const std::string& serial, int revision)>;

/// One line describing a payload: serial, revision, name, person, rule set, period, figures,
/// issue date.
std::string describe(const Payload& p);

/// Checks one token: its signature against `keys` (oldest first: a key that is not the last
/// is retired, and a valid finding says "signed by a retired key"; a payload that names its key
/// is checked with that key alone) (named `key_source` in messages), then,
/// with a `lookup`, the register: not there → unknown, revoked → revoked, another token or
/// (when `file_sha256` is given) another file than the one issued → altered.
Finding check_token(std::string_view token, const std::vector<PublicKey>& keys,
                    std::string_view key_source, const RegisterLookup* lookup,
                    const std::optional<std::string>& file_sha256);

}  // namespace balint::cert
