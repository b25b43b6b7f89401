#include "balint/service/keys.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"
#include "balint/io/files.hpp"

namespace balint::service {

// The private key, checked against the public keys the ledger records.
SigningKey load_signing_key(const std::string& path, const store::CertificateRegister& reg) {
  if (!io::file_exists(path))
    throw core::NoInputError(
        fmt::format("{}: no private key; create one with 'balint keys init'", path));
  auto key = cert::parse_secret_key(core::read_input(path, core::kKeyInput));
  if (!key) throw core::DataError(fmt::format("{}: not a balint private key", path));
  // Only the current key signs; earlier ones (replaced with keys init --force) only verify.
  std::string pub = cert::public_key_text(key->public_key());
  auto keys = reg.issuer_keys();
  if (!keys.empty() && keys.back().public_key == pub) return {*key, keys.back().id};
  bool earlier = std::any_of(keys.begin(), keys.end(),
                             [&](const store::IssuerKey& k) { return k.public_key == pub; });
  throw core::DataError(fmt::format(
      "{}: {}; give the current key with --key-file, or run 'balint keys init'", path,
      earlier ? "this private key was replaced by a newer one ('balint keys init --force')"
              : "this private key is not this ledger's issuer key"));
}

// Every public key the ledger has signed with, oldest first, one a line, each tagged with its
// id and the dates it signed from (and, for a retired one, to):
//   balint-ed25519:<base64> id=<key_id> from=YYYY-MM-DD [to=YYYY-MM-DD]
// `verify --key FILE` reads this (and a bare key line, as written before issue 14).
std::string public_keys_text(const std::vector<store::IssuerKey>& keys) {
  std::string text;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto pk = cert::parse_public_key(keys[i].public_key);
    if (!pk) throw core::InternalError("a malformed issuer key in the ledger");
    text += fmt::format("{} id={} from={}", keys[i].public_key, cert::key_id(*pk),
                        keys[i].created_on.iso());
    if (i + 1 < keys.size()) text += " to=" + keys[i + 1].created_on.iso();
    text += '\n';
  }
  return text;
}

void create_issuer_key(const store::Ledger& ledger, const std::string& key_path,
                       const std::string& public_path, bool force, core::Date on) {
  store::CertificateRegister reg(ledger);
  auto kp = cert::generate_key_pair();
  std::string pub = cert::public_key_text(kp.public_key);
  io::StagedFile secret(key_path, cert::secret_key_text(kp.secret_key), 0600);
  try {
    reg.transaction([&] {
      reg.add_issuer_key(pub, on);
      secret.publish(force);
    });
  } catch (...) {
    secret.withdraw();
    throw;
  }
  // Public, but nobody else may change it, whatever the umask.
  io::write_file(public_path, public_keys_text(reg.issuer_keys()), io::kCertificateMode, true);
}

std::vector<cert::PublicKey> read_public_keys(const std::string& path) {
  std::string text = core::read_input(path, core::kKeyInput);
  std::vector<cert::PublicKey> keys;
  std::vector<std::string> problems;
  int line_no = 0;
  for (const auto& line : core::split(text, '\n')) {
    ++line_no;
    std::string_view l = core::trim(line);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty() || l.front() == '#') continue;
    // The key is the first word; the tags after it (id=, from=, to=) are informative: the id
    // is the key's own hash, and the order (oldest first) tells which keys are retired.
    auto k = cert::parse_public_key(l.substr(0, l.find(' ')));
    if (k)
      keys.push_back(*k);
    else
      problems.push_back(
          fmt::format("{}:{}: not a balint public key (balint-ed25519:...)", path, line_no));
  }
  if (!problems.empty()) throw core::Error(core::Exit::data, problems);
  if (keys.empty()) throw core::DataError(fmt::format("{}: no public key in the file", path));
  return keys;
}

}  // namespace balint::service
