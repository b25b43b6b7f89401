#pragma once
// What a certificate says, signed: canonical JSON, the "BLC1" token that carries it in the
// PDF metadata and the QR code, and the short human code printed on the certificate.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/cert/keys.hpp"
#include "balint/core/date.hpp"

namespace balint::cert {

/// The signed content of one certificate (one revision of one serial).
struct Payload {
  std::string kind;                ///< "cpd" or "accreditation"
  std::string serial;              ///< e.g. "CPD-2026-000123"
  int revision = 1;                ///< 1, then 2, 3 ... for re-issued copies
  std::string person;              ///< person id
  std::string name;                ///< full name, NFC
  std::string registration;        ///< registration number; empty: left out of the JSON
  std::string ruleset;             ///< rule set id
  std::string edition;             ///< rule set edition
  std::optional<core::Date> from;  ///< period, inclusive; absent for accreditation
  std::optional<core::Date> to;
  core::Date issued;  ///< the issue date (--as-of)
  /// Figures as decimal strings, e.g. {"hours": "19.50", "credits": "18.00"}.
  std::map<std::string, std::string> figures;
  /// key_id() of the key that signed it; empty (left out of the JSON) in certificates issued
  /// before issue 14, which any of the issuer's keys may have signed.
  std::string key = {};
  bool operator==(const Payload&) const = default;
};

/// Compact JSON with sorted keys, no white space, UTF-8 as is, only strings and one integer
/// (revision); the same Payload always gives the same bytes.
std::string canonical_json(const Payload& p);
/// Reads canonical_json back; nullopt when it is not exactly canonical_json of a Payload.
std::optional<Payload> parse_payload(std::string_view json);

/// The token prefix: format version 1.
constexpr std::string_view kTokenPrefix = "BLC1.";

/// A payload with its signature.
struct Signed {
  Payload payload;
  std::string signature;  ///< 64 raw bytes
  /// "BLC1.<base64url(canonical JSON)>.<base64url(signature)>"; the signature covers the
  /// ASCII text before the last dot ("BLC1.<base64url(canonical JSON)>").
  std::string token;
  std::string code;  ///< human_code(signature)
};

/// Signs `p` with `key`; the payload names the key (Payload::key = key_id of its public half).
Signed sign_payload(const Payload& p, const SecretKey& key);
/// Splits and decodes a token without checking its signature; nullopt when malformed.
std::optional<Signed> decode_token(std::string_view token);
/// True when the token's signature verifies with `key`.
bool verify_token(const Signed& s, const PublicKey& key);
/// Every token-shaped string in `text` (e.g. a PDF's bytes or its Keywords), in order, unique.
std::vector<std::string> find_tokens(std::string_view text);

/// 12 Crockford base32 characters of SHA-256(signature), grouped "7KQF-2M9X-WPAB".
std::string human_code(std::string_view signature);
/// A code as typed by a person (any case, with or without '-' or spaces, O for 0, I/L for 1)
/// in the grouped form; nullopt when it is not a code.
std::optional<std::string> normalise_code(std::string_view text);

}  // namespace balint::cert
