#pragma once
// The issuer's Ed25519 key pair (libsodium), its text forms, detached signatures and hashes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "balint/core/input.hpp"

namespace balint::cert {

constexpr std::size_t kPublicKeyBytes = 32;
constexpr std::size_t kSecretKeyBytes = 64;
constexpr std::size_t kSignatureBytes = 64;

/// An Ed25519 public key: 32 raw bytes.
struct PublicKey {
  std::string bytes;
  bool operator==(const PublicKey&) const = default;
};

/// An Ed25519 secret key in libsodium's layout (seed, then public key): 64 raw bytes.
/// Wiped from memory when destroyed.
class SecretKey {
 public:
  explicit SecretKey(std::string bytes);
  ~SecretKey();
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  const std::string& bytes() const { return bytes_; }
  /// The public half, taken from the secret key itself.
  PublicKey public_key() const;

 private:
  std::string bytes_;
};

/// A new random key pair (crypto_sign_keypair).
struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
};
KeyPair generate_key_pair();

/// The 64-byte detached signature of `message`.
std::string sign_detached(const SecretKey& key, std::string_view message);
/// True when `signature` is `key`'s signature of `message`.
bool verify_detached(const PublicKey& key, std::string_view message, std::string_view signature);

/// A key's short id: the first 8 bytes of SHA-256 of the raw public key, 16 lower-case hex
/// digits. Payloads name the key that signed them by it; `keys export` tags each key with it.
std::string key_id(const PublicKey& key);

/// "balint-ed25519:<base64>", one line without a newline (what `balint keys export` prints).
std::string public_key_text(const PublicKey& key);
/// Reads public_key_text (surrounding white space ignored); nullopt when malformed.
std::optional<PublicKey> parse_public_key(std::string_view text);
/// "balint-ed25519-secret:<base64>\n", the private key file's content.
std::string secret_key_text(const SecretKey& key);
/// Reads secret_key_text; nullopt when malformed or when its two halves do not match.
std::optional<SecretKey> parse_secret_key(std::string_view text);

/// Standard base64 with padding.
std::string base64(std::string_view bytes);
/// URL-safe base64 without padding (RFC 4648 §5).
std::string base64url(std::string_view bytes);
/// Decodes base64url without padding, strictly (unused bits must be zero); nullopt otherwise.
std::optional<std::string> from_base64url(std::string_view text);
/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
/// SHA-256 of a file, lowercase hex, read in pieces through core::InputFile (a regular file
/// within `kind`'s limit; its errors as InputFile throws them), never whole in memory.
std::string sha256_file(const std::string& path, const core::InputKind& kind);

}  // namespace balint::cert
