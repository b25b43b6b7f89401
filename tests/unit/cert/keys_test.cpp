// Key text forms, signatures, base64url and SHA-256.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "balint/cert/keys.hpp"
#include "balint/core/error.hpp"

using namespace balint;
namespace fs = std::filesystem;

namespace {

using balint::testing::TempDir;

}  // namespace

TEST_CASE("public and secret keys round-trip through their text forms") {
  auto kp = cert::generate_key_pair();
  std::string pub = cert::public_key_text(kp.public_key);
  CHECK(pub.rfind("balint-ed25519:", 0) == 0);
  CHECK(pub.size() == 15 + 44);
  CHECK(cert::parse_public_key(pub + "\n") == kp.public_key);
  CHECK(kp.secret_key.public_key() == kp.public_key);
  auto sk = cert::parse_secret_key(cert::secret_key_text(kp.secret_key));
  REQUIRE(sk);
  CHECK(sk->bytes() == kp.secret_key.bytes());
  CHECK_FALSE(cert::parse_public_key("balint-ed25519:AAAA"));
  CHECK_FALSE(cert::parse_public_key(cert::secret_key_text(kp.secret_key)));
  // A secret key whose public half was replaced is refused.
  auto other = cert::generate_key_pair();
  std::string bad = kp.secret_key.bytes().substr(0, 32) + other.public_key.bytes;
  CHECK_FALSE(cert::parse_secret_key(cert::secret_key_text(cert::SecretKey(bad))));
}

TEST_CASE("detached signatures") {
  auto kp = cert::generate_key_pair();
  std::string sig = cert::sign_detached(kp.secret_key, "hello");
  CHECK(sig.size() == cert::kSignatureBytes);
  CHECK(cert::verify_detached(kp.public_key, "hello", sig));
  CHECK_FALSE(cert::verify_detached(kp.public_key, "hellp", sig));
  CHECK_FALSE(cert::verify_detached(kp.public_key, "hello", sig.substr(1)));
}

TEST_CASE("base64url and sha256") {
  CHECK(cert::base64url("\xfb\xff") == "-_8");
  CHECK(cert::from_base64url("-_8") == std::string("\xfb\xff"));
  CHECK_FALSE(cert::from_base64url("-_9"));  // unused bits set
  CHECK_FALSE(cert::from_base64url("-_8="));
  CHECK(cert::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256_file hashes in pieces what sha256_hex hashes whole") {
  TempDir t;
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>('a' + i % 26);  // several pieces
  std::ofstream(t.file("big"), std::ios::binary) << bytes;
  CHECK(cert::sha256_file(t.file("big"), core::kPdfInput) == cert::sha256_hex(bytes));
  std::ofstream(t.file("empty"), std::ios::binary).close();
  CHECK(cert::sha256_file(t.file("empty"), core::kPdfInput) == cert::sha256_hex(""));
  constexpr core::InputKind kTiny{"a tiny file", 10};
  CHECK_THROWS_AS(cert::sha256_file(t.file("big"), kTiny), core::DataError);
}
