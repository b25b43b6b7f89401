#include "balint/cert/keys.hpp"

#include <sodium.h>

#include <vector>

#include "balint/core/error.hpp"

namespace balint::cert {
namespace {

constexpr std::string_view kPublicPrefix = "balint-ed25519:";
constexpr std::string_view kSecretPrefix = "balint-ed25519-secret:";

void ensure_sodium() {
  if (sodium_init() < 0) throw core::InternalError("libsodium failed to initialise");
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string encode(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> decode(std::string_view text, int variant) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, variant) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string_view strip(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

SecretKey::SecretKey(std::string bytes) : bytes_(std::move(bytes)) {}

SecretKey::~SecretKey() {
  if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
}

PublicKey SecretKey::public_key() const {
  ensure_sodium();
  std::string pk(kPublicKeyBytes, '\0');
  crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char*>(pk.data()), bytes_of(bytes_));
  return PublicKey{pk};
}

KeyPair generate_key_pair() {
  ensure_sodium();
  std::string pk(kPublicKeyBytes, '\0');
  std::string sk(kSecretKeyBytes, '\0');
  if (crypto_sign_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                          reinterpret_cast<unsigned char*>(sk.data())) != 0)
    throw core::InternalError("cannot create a key pair");
  KeyPair kp{PublicKey{pk}, SecretKey(sk)};
  sodium_memzero(sk.data(), sk.size());
  return kp;
}

std::string sign_detached(const SecretKey& key, std::string_view message) {
  ensure_sodium();
  if (key.bytes().size() != kSecretKeyBytes) throw core::InternalError("malformed secret key");
  std::string sig(kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, bytes_of(message),
                       message.size(), bytes_of(key.bytes()));
  return sig;
}

bool verify_detached(const PublicKey& key, std::string_view message, std::string_view signature) {
  ensure_sodium();
  if (key.bytes.size() != kPublicKeyBytes || signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(bytes_of(signature), bytes_of(message), message.size(),
                                     bytes_of(key.bytes)) == 0;
}

std::string key_id(const PublicKey& key) { return sha256_hex(key.bytes).substr(0, 16); }

std::string public_key_text(const PublicKey& key) {
  return std::string(kPublicPrefix) + base64(key.bytes);
}

std::optional<PublicKey> parse_public_key(std::string_view text) {
  text = strip(text);
  if (text.substr(0, kPublicPrefix.size()) != kPublicPrefix) return std::nullopt;
  auto raw = decode(text.substr(kPublicPrefix.size()), sodium_base64_VARIANT_ORIGINAL);
  if (!raw || raw->size() != kPublicKeyBytes) return std::nullopt;
  return PublicKey{*raw};
}

std::string secret_key_text(const SecretKey& key) {
  return std::string(kSecretPrefix) + base64(key.bytes()) + "\n";
}

std::optional<SecretKey> parse_secret_key(std::string_view text) {
  text = strip(text);
  if (text.substr(0, kSecretPrefix.size()) != kSecretPrefix) return std::nullopt;
  auto raw = decode(text.substr(kSecretPrefix.size()), sodium_base64_VARIANT_ORIGINAL);
  if (!raw || raw->size() != kSecretKeyBytes) return std::nullopt;
  SecretKey key(*raw);
  sodium_memzero(raw->data(), raw->size());
  // The stored public half must be the one the seed gives.
  ensure_sodium();
  std::string pk(kPublicKeyBytes, '\0');
  std::string sk(kSecretKeyBytes, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                           reinterpret_cast<unsigned char*>(sk.data()), bytes_of(key.bytes()));
  bool same = sk == key.bytes();
  sodium_memzero(sk.data(), sk.size());
  if (!same) return std::nullopt;
  return key;
}

std::string base64(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_ORIGINAL); }

std::string base64url(std::string_view bytes) {
  return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> from_base64url(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string sha256_file(const std::string& path, const core::InputKind& kind) {
  ensure_sodium();
  core::InputFile in(path, kind);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buf(1 << 16);
  while (std::size_t n = in.read(buf.data(), buf.size()))
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buf.data()), n);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes_of(data), data.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

}  // namespace balint::cert
