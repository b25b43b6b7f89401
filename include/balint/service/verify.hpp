#pragma once
// Verifying certificates (`balint verify`, the web's /verify): a verification code, a token or
// the bytes of a PDF, against the issuer's keys and, with a ledger, its register.
#include <optional>
#include <string>
#include <vector>

#include "balint/cert/keys.hpp"
#include "balint/cert/verify.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {
class CertificateRegister;
}

namespace balint::service {

class Verifier {
 public:
  /// Checks against `ledger`'s issuer keys and its register (both read now).
  explicit Verifier(const store::Ledger& ledger);
  /// Checks signatures only, with `keys`, named `key_source` in findings ("the key in F").
  Verifier(std::vector<cert::PublicKey> keys, std::string key_source);
  ~Verifier();
  Verifier(Verifier&&) noexcept;

  /// False when the ledger records no issuer key: it issued nothing, so nothing is valid.
  bool has_keys() const;
  /// A verification code as cert::normalise_code gives it; needs the register.
  cert::Finding code(const std::string& code) const;
  /// A signed token ("BLC1.…").
  cert::Finding token(const std::string& token) const;
  /// Every certificate a PDF file carries (`name` is how findings refer to the file).
  std::vector<cert::Finding> pdf(const std::string& bytes, const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balint::service
