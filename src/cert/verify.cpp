#include "balint/cert/verify.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace balint::cert {
namespace {

std::string figure(const Payload& p, const char* key) {
  auto it = p.figures.find(key);
  return it == p.figures.end() ? std::string("?") : it->second;
}

}  // namespace

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::valid: return "valid";
    case Verdict::altered: return "altered";
    case Verdict::revoked: return "revoked";
    case Verdict::unknown: return "unknown";
    case Verdict::superseded: return "superseded";
  }
  return "unknown";
}

std::string describe(const Payload& p) {
  std::string s = fmt::format("{} revision {}, {} ({}), {} \"{}\"", p.serial, p.revision, p.name,
                              p.person, p.ruleset, p.edition);
  if (p.kind == "cpd") {
    if (p.from && p.to) s += fmt::format(", {} to {}", p.from->iso(), p.to->iso());
    s += fmt::format(": {} hours, {} credits", figure(p, "hours"), figure(p, "credits"));
  } else if (figure(p, "status") == "accredited") {
    s +=
        fmt::format(": accredited in {} since {}", figure(p, "family"), figure(p, "accredited_on"));
  } else {
    s += fmt::format(": eligible in {} on {}", figure(p, "family"), p.issued.iso());
  }
  return s + fmt::format("; issued {}", p.issued.iso());
}

std::string headline(const Finding& f) {
  if (f.verdict == Verdict::valid && f.offline)
    return "signature valid; revocation not checked offline";
  return std::string(to_string(f.verdict));
}

Finding check_token(std::string_view token, const std::vector<PublicKey>& keys,
                    std::string_view key_source, const RegisterLookup* lookup,
                    const std::optional<std::string>& file_sha256) {
  auto s = decode_token(token);
  if (!s) return {Verdict::altered, "the certificate's payload is damaged and cannot be read"};
  std::string claims = describe(s->payload);
  // The payload names its key (issued since issue 14): that key, and no other, must have
  // signed it. An older payload may have been signed by any of them.
  auto signer = keys.end();
  bool named_key_known = s->payload.key.empty();
  for (auto k = keys.begin(); k != keys.end() && signer == keys.end(); ++k) {
    if (!s->payload.key.empty() && key_id(*k) != s->payload.key) continue;
    named_key_known = true;
    if (verify_token(*s, *k)) signer = k;
  }
  if (!named_key_known)
    return {Verdict::altered,
            fmt::format("it names a signing key that is not among {} (the payload was "
                        "edited, or signed by another key; 'balint keys export' gives every key "
                        "the issuer has used)",
                        key_source),
            false, claims};
  bool signed_ok = signer != keys.end();
  // Keys come oldest first: any but the last was replaced by 'balint keys init --force'.
  if (signed_ok && signer + 1 != keys.end())
    claims += fmt::format("; signed by a retired key ({})", key_id(*signer));
  if (!signed_ok)
    return {Verdict::altered,
            fmt::format("the signature does not match {} (the payload was edited or signed by "
                        "another key)",
                        key_source),
            false, claims};
  if (!lookup) return {Verdict::valid, claims, true};
  auto rec = (*lookup)(s->payload.serial, s->payload.revision);
  if (!rec)
    return {Verdict::unknown, "this serial and revision are not in this ledger's register", false,
            claims};
  if (rec->revoked_on)
    return {Verdict::revoked,
            fmt::format("the register records it revoked on {}: {}", rec->revoked_on->iso(),
                        rec->revoke_reason),
            false, claims};
  if (rec->token != token)
    return {Verdict::altered, "the payload differs from the one issued", false, claims};
  if (file_sha256 && *file_sha256 != rec->sha256)
    return {Verdict::altered,
            "the file differs from the one issued (its SHA-256 is not the register's)", false,
            claims};
  if (rec->latest_revision > s->payload.revision) {
    if (!rec->latest_same_figures)
      return {Verdict::superseded,
              fmt::format("revision {} of this serial was issued with other figures and "
                          "replaces this one",
                          rec->latest_revision),
              false, claims};
    claims += fmt::format(" (revision {} is the latest)", rec->latest_revision);
  }
  return {Verdict::valid, claims};
}

}  // namespace balint::cert
