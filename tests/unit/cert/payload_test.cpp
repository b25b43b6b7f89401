// Signed payloads: round trip, tampering, another key, canonical JSON, codes.
#include <doctest/doctest.h>

#include <string>

#include "balint/cert/payload.hpp"

using namespace balint;
using cert::Payload;
using core::Date;

namespace {

Payload sample() {
  Payload p;
  p.kind = "cpd";
  p.serial = "CPD-2026-000123";
  p.revision = 1;
  p.person = "zoe";
  p.name = "Ζωή Παπαδοπούλου";
  p.registration = "GMC 1234567";
  p.ruleset = "cpd-uk";
  p.edition = "1 credit per hour, 50 a year";
  p.from = Date::from_ymd(2025, 1, 1);
  p.to = Date::from_ymd(2025, 12, 31);
  p.issued = Date::from_ymd(2026, 1, 10);
  p.figures = {{"hours", "19.50"}, {"credits", "18.00"}, {"group.hours", "19.50"}};
  return p;
}

}  // namespace

TEST_CASE("canonical JSON: sorted keys, no white space, stable") {
  Payload p = sample();
  std::string j = cert::canonical_json(p);
  CHECK(j ==
        "{\"edition\":\"1 credit per hour, 50 a year\",\"figures\":{\"credits\":\"18.00\","
        "\"group.hours\":\"19.50\",\"hours\":\"19.50\"},\"from\":\"2025-01-01\",\"issued\":"
        "\"2026-01-10\",\"kind\":\"cpd\",\"name\":\"Ζωή Παπαδοπούλου\",\"person\":\"zoe\","
        "\"registration\":\"GMC 1234567\",\"revision\":1,\"ruleset\":\"cpd-uk\",\"serial\":"
        "\"CPD-2026-000123\",\"to\":\"2025-12-31\"}");
  CHECK(cert::canonical_json(sample()) == j);
  // Optional parts are left out rather than written empty.
  p.registration.clear();
  p.from.reset();
  p.to.reset();
  std::string k = cert::canonical_json(p);
  CHECK(k.find("registration") == std::string::npos);
  CHECK(k.find("\"from\"") == std::string::npos);
  CHECK(cert::parse_payload(k) == p);
}

TEST_CASE("parse_payload accepts only canonical JSON") {
  std::string j = cert::canonical_json(sample());
  CHECK(cert::parse_payload(j) == sample());
  CHECK_FALSE(cert::parse_payload(" " + j));
  CHECK_FALSE(cert::parse_payload("{\"kind\":\"cpd\"}"));
  std::string extra = j;
  extra.insert(1, "\"zzz\":\"1\",");
  CHECK_FALSE(cert::parse_payload(extra));
  CHECK_FALSE(cert::parse_payload("not json"));
}

TEST_CASE("sign and verify round trip") {
  auto kp = cert::generate_key_pair();
  auto s = cert::sign_payload(sample(), kp.secret_key);
  CHECK(s.token.rfind("BLC1.", 0) == 0);
  for (char c : s.token) CHECK((c >= 0x21 && c < 0x7f));
  auto d = cert::decode_token(s.token);
  REQUIRE(d);
  // The payload names the key that signed it (issue 14); otherwise it is the one given.
  CHECK(d->payload.key == cert::key_id(kp.public_key));
  CHECK(d->payload.key.size() == 16);
  auto named = sample();
  named.key = d->payload.key;
  CHECK(d->payload == named);
  CHECK(s.payload == named);
  CHECK(d->signature == s.signature);
  CHECK(d->code == s.code);
  CHECK(cert::verify_token(*d, kp.public_key));
  // Ed25519 is deterministic: the same payload and key give the same token.
  CHECK(cert::sign_payload(sample(), kp.secret_key).token == s.token);
}

TEST_CASE("one changed byte anywhere in the token fails") {
  auto kp = cert::generate_key_pair();
  auto s = cert::sign_payload(sample(), kp.secret_key);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (std::size_t i = 5; i < s.token.size(); ++i) {
    if (s.token[i] == '.') continue;
    std::string t = s.token;
    t[i] = alphabet[(alphabet.find(t[i]) + 1) % alphabet.size()];
    auto d = cert::decode_token(t);
    CHECK((!d || !cert::verify_token(*d, kp.public_key)));
  }
}

TEST_CASE("an edited payload, or one re-signed with another key, fails") {
  auto kp = cert::generate_key_pair();
  auto other = cert::generate_key_pair();
  auto s = cert::sign_payload(sample(), kp.secret_key);
  CHECK_FALSE(cert::verify_token(s, other.public_key));

  // Swap in an edited payload but keep the signature.
  Payload edited = sample();
  edited.figures["credits"] = "50.00";
  std::string body = "BLC1." + cert::base64url(cert::canonical_json(edited));
  std::string forged = body + s.token.substr(s.token.rfind('.'));
  auto d = cert::decode_token(forged);
  REQUIRE(d);
  CHECK_FALSE(cert::verify_token(*d, kp.public_key));

  // Re-signed with another key: valid for that key only.
  auto resigned = cert::sign_payload(edited, other.secret_key);
  CHECK_FALSE(cert::verify_token(resigned, kp.public_key));
  CHECK(cert::verify_token(resigned, other.public_key));
}

TEST_CASE("malformed tokens are refused") {
  CHECK_FALSE(cert::decode_token(""));
  CHECK_FALSE(cert::decode_token("BLC1."));
  CHECK_FALSE(cert::decode_token("BLC1.abc"));
  CHECK_FALSE(cert::decode_token("BLC2.e30.AAAA"));
  CHECK_FALSE(cert::decode_token("BLC1.e30." + std::string(86, 'A')));  // "{}" is no payload
}

TEST_CASE("find_tokens picks tokens out of surrounding bytes") {
  std::string a = "BLC1.abc_-9.def";
  std::string b = "BLC1.xyz.uvw";
  std::string text = "/Keywords (" + a + " " + b + ") xBLC1.no.no BLC1.a " + a;
  auto found = cert::find_tokens(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0] == a);
  CHECK(found[1] == b);
}

TEST_CASE("human codes: 12 base32 characters in three groups, typed forgivingly") {
  auto kp = cert::generate_key_pair();
  auto s = cert::sign_payload(sample(), kp.secret_key);
  REQUIRE(s.code.size() == 14);
  CHECK(s.code[4] == '-');
  CHECK(s.code[9] == '-');
  for (std::size_t i = 0; i < s.code.size(); ++i)
    if (i != 4 && i != 9)
      CHECK(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(s.code[i]) != std::string::npos);
  CHECK(cert::human_code(s.signature) == s.code);
  CHECK(cert::normalise_code("7kqf 2m9x wpab") == "7KQF-2M9X-WPAB");
  CHECK(cert::normalise_code("7KQF-2M9X-WPAB") == "7KQF-2M9X-WPAB");
  CHECK(cert::normalise_code("oiL0-0000-0000") == "0110-0000-0000");
  CHECK_FALSE(cert::normalise_code("7KQF-2M9X-WPA"));
  CHECK_FALSE(cert::normalise_code("7KQF-2M9X-WPAU"));
  CHECK_FALSE(cert::normalise_code("cert.pdf"));
  // A revision is signed anew and so has its own code.
  Payload p2 = sample();
  p2.revision = 2;
  CHECK(cert::sign_payload(p2, kp.secret_key).code != s.code);
}
