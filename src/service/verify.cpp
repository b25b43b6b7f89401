#include "balint/service/verify.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/pdf/render.hpp"
#include "balint/store/certificates.hpp"

namespace balint::service {

struct Verifier::Impl {
  std::vector<cert::PublicKey> keys;
  std::string key_source;
  std::optional<store::CertificateRegister> reg;
  std::optional<cert::RegisterLookup> lookup;

  cert::Finding check(const std::string& token, const std::optional<std::string>& sha) const {
    return cert::check_token(token, keys, key_source, lookup ? &*lookup : nullptr, sha);
  }
};

namespace {

cert::RegisterLookup register_lookup(const store::CertificateRegister& reg) {
  return [&reg](const std::string& serial, int revision) -> std::optional<cert::Registered> {
    auto rec = reg.find(serial, revision);
    if (!rec) return std::nullopt;
    auto revs = reg.revisions(serial);
    return cert::Registered{rec->payload,         rec->sha256,
                            rec->revoked_on,      rec->revoke_reason,
                            revs.back().revision, revs.back().figures == rec->figures};
  };
}

}  // namespace

Verifier::Verifier(const store::Ledger& ledger) : impl_(std::make_unique<Impl>()) {
  impl_->reg.emplace(ledger);
  for (const auto& k : impl_->reg->issuer_keys())
    if (auto pk = cert::parse_public_key(k.public_key)) impl_->keys.push_back(*pk);
  impl_->key_source = "this ledger's issuer key";
  impl_->lookup = register_lookup(*impl_->reg);
}

Verifier::Verifier(std::vector<cert::PublicKey> keys, std::string key_source)
    : impl_(std::make_unique<Impl>()) {
  impl_->keys = std::move(keys);
  impl_->key_source = std::move(key_source);
}

Verifier::~Verifier() = default;
Verifier::Verifier(Verifier&&) noexcept = default;

bool Verifier::has_keys() const { return !impl_->keys.empty(); }

cert::Finding Verifier::code(const std::string& code) const {
  auto rec = impl_->reg ? impl_->reg->find_by_code(code) : std::nullopt;
  if (!rec)
    return {cert::Verdict::unknown,
            fmt::format("no certificate with code {} in this ledger's register", code)};
  auto f = impl_->check(rec->payload, std::nullopt);
  if (f.verdict == cert::Verdict::valid) f.text += "; code found in the register";
  return f;
}

cert::Finding Verifier::token(const std::string& token) const {
  return impl_->check(token, std::nullopt);
}

std::vector<cert::Finding> Verifier::pdf(const std::string& bytes, const std::string& name) const {
  std::vector<std::string> tokens;
  std::string keywords, unreadable;
  try {
    keywords = pdf::find_info_string(bytes, "Keywords").value_or("");
  } catch (const core::DataError& e) {
    unreadable = e.what();  // not a PDF qpdf can read: the raw bytes are still searched
  }
  for (const auto& word : core::split(keywords, ' '))
    if (word.rfind(cert::kTokenPrefix, 0) == 0) tokens.push_back(word);
  if (tokens.empty()) tokens = cert::find_tokens(bytes);
  std::string sha = cert::sha256_hex(bytes);
  // A large combined PDF carries no tokens; the register knows it by its hash.
  if (tokens.empty() && impl_->reg)
    for (const auto& r : impl_->reg->find_by_sha256(sha)) tokens.push_back(r.payload);
  std::vector<cert::Finding> findings;
  if (tokens.empty()) {
    // A large combined PDF says so in its keywords (see kMaxKeywords).
    std::string note = keywords.rfind("balint certificates:", 0) == 0 ? " (" + keywords + ")"
                       : unreadable.empty()                           ? ""
                                                                      : " (" + unreadable + ")";
    findings.push_back({cert::Verdict::unknown,
                        fmt::format("{}: no balint certificate payload found{}", name, note)});
  }
  for (const auto& t : tokens) findings.push_back(impl_->check(t, sha));
  return findings;
}

}  // namespace balint::service
