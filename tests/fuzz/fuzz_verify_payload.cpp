// Fuzzes the certificate payload decoder and the verify decision (issue 14): the bytes are
// read as a payload's JSON (cert::parse_payload) and as a token (cert::decode_token), and each
// token is checked with cert::check_token against two keys, offline and against a register
// whose answer the input's last byte chooses (absent, revoked, another token, superseded, a
// later revision with the same figures).
//
// Properties, beyond no crash, leak, hang or foreign exception:
//   - a payload that parses is canonical: canonical_json gives the input back, and signing it
//     and decoding the token gives the same payload, now naming the signing key;
//   - core::printable of what verify would print (the headline, the reason, the claims) holds
//     no control or bidi-control character, so a payload cannot redraw the terminal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "balint/cert/keys.hpp"
#include "balint/cert/payload.hpp"
#include "balint/cert/verify.hpp"
#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "fuzz_common.hpp"

using namespace balint;

namespace {

struct Keys {
  cert::KeyPair old_pair = cert::generate_key_pair();
  cert::KeyPair new_pair = cert::generate_key_pair();
  std::vector<cert::PublicKey> both{old_pair.public_key, new_pair.public_key};
};

const Keys& keys() {
  static const Keys k;
  return k;
}

void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_verify_payload: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// What may never reach a terminal raw once printable() has done its work.
bool has_raw_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d < 0xA0) return true;  // C1
    }
    if (c == 0xE2 && i + 2 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]), e = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x80 && (e == 0x8E || e == 0x8F || (e >= 0xA8 && e <= 0xAE))) return true;
      if (d == 0x81 && e >= 0xA6 && e <= 0xA9) return true;
    }
    if (c == 0xD8 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x9C)
      return true;  // U+061C
  }
  return false;
}

void check_printed(const cert::Finding& f) {
  for (const std::string& s : {cert::headline(f) + ": " + f.text, f.claims}) {
    std::string shown = core::printable(s);
    if (has_raw_control(shown)) fail("printable left a control character", shown);
  }
}

void check_token(const std::string& token, std::uint8_t choice) {
  const Keys& k = keys();
  check_printed(cert::check_token(token, k.both, "the fuzz keys", nullptr, std::nullopt));
  cert::Registered reg{token, "aa", std::nullopt, "", 1, true};
  switch (choice % 5) {
    case 0: break;
    case 1:
      reg.revoked_on = core::Date::from_ymd(2026, 1, 1);
      reg.revoke_reason = "fuzz\x1b[2J\n";
      break;
    case 2: reg.token = "BLC1.other"; break;
    case 3:
      reg.latest_revision = 1'000'001;
      reg.latest_same_figures = false;
      break;
    case 4: reg.latest_revision = 1'000'001; break;
  }
  bool present = choice % 7 != 6;
  cert::RegisterLookup lookup = [&](const std::string&, int) -> std::optional<cert::Registered> {
    if (!present) return std::nullopt;
    return reg;
  };
  check_printed(cert::check_token(token, k.both, "the fuzz keys", &lookup, std::string("aa")));
}

void run(std::string_view bytes) {
  std::uint8_t choice = bytes.empty() ? 0 : static_cast<std::uint8_t>(bytes.back());
  // As a payload's JSON.
  if (auto p = cert::parse_payload(bytes)) {
    if (cert::canonical_json(*p) != bytes) fail("a parsed payload is not canonical", bytes);
    auto s = cert::sign_payload(*p, keys().new_pair.secret_key);
    auto back = cert::decode_token(s.token);
    if (!back) fail("a signed payload does not decode", s.token);
    if (back->payload.key != cert::key_id(keys().new_pair.public_key))
      fail("a signed payload does not name its key", s.token);
    cert::Payload expected = *p;
    expected.key = back->payload.key;
    if (!(back->payload == expected)) fail("a payload changed through a token", s.token);
    auto f = cert::check_token(s.token, keys().both, "the fuzz keys", nullptr, std::nullopt);
    if (f.verdict != cert::Verdict::valid) fail("a freshly signed payload is not valid", s.token);
    check_token(s.token, choice);
    // Signed with the older key: still valid, and said to be a retired key's.
    auto old = cert::sign_payload(*p, keys().old_pair.secret_key);
    auto g = cert::check_token(old.token, keys().both, "the fuzz keys", nullptr, std::nullopt);
    if (g.verdict != cert::Verdict::valid ||
        g.text.find("signed by a retired key") == std::string::npos)
      fail("a payload signed by the retired key is not reported so", old.token);
  }
  // As a token, and as a payload wrapped into a token with a made-up signature.
  std::string text(bytes);
  if (text.rfind(cert::kTokenPrefix, 0) == 0) check_token(text, choice);
  check_token(std::string(cert::kTokenPrefix) + cert::base64url(bytes) + "." +
                  cert::base64url(std::string(cert::kSignatureBytes, '\0')),
              choice);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    run({reinterpret_cast<const char*>(data), size});
  } catch (const core::Error&) {
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("verify_payload", &e);
  }
  return 0;
}
