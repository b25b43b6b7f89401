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
    case Verdict::valid:
      return "valid";
    case Verdict::altered:
      return "altered";
    case Verdict::revoked:
      return "revoked";
    case Verdict::unknown:
      return "unknown";
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
    s += fmt::format(": accredited in {} since {}", figure(p, "family"),
                     figure(p, "accredited_on"));
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
  bool signed_ok = std::any_of(keys.begin(), keys.end(),
                               [&](const PublicKey& k) { return verify_token(*s, k); });
  if (!signed_ok)
    return {Verdict::altered,
            fmt::format("the signature does not match {} (the payload was edited or signed by "
                        "another key); it claims {}",
                        key_source, claims)};
  if (!lookup) return {Verdict::valid, claims, true};
  auto rec = (*lookup)(s->payload.serial, s->payload.revision);
  if (!rec)
    return {Verdict::unknown, fmt::format("{} revision {} is not in this ledger's register",
                                          s->payload.serial, s->payload.revision)};
  if (rec->revoked_on)
    return {Verdict::revoked, fmt::format("{}; revoked on {}: {}", claims, rec->revoked_on->iso(),
                                          rec->revoke_reason)};
  if (rec->token != token)
    return {Verdict::altered,
            fmt::format("the payload differs from the one issued; it claims {}", claims)};
  if (file_sha256 && *file_sha256 != rec->sha256)
    return {Verdict::altered,
            fmt::format("the file differs from the one issued (its SHA-256 is not the "
                        "register's); it claims {}",
                        claims)};
  if (rec->latest_revision > s->payload.revision)
    claims += rec->latest_same_figures
                  ? fmt::format(" (revision {} is the latest)", rec->latest_revision)
                  : fmt::format(" (superseded: revision {} has other figures)",
                                rec->latest_revision);
  return {Verdict::valid, claims};
}

}  // namespace balint::cert
