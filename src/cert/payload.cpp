#include "balint/cert/payload.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace balint::cert {
namespace {

using nlohmann::json;

// Crockford's base32: no I, L, O or U.
constexpr std::string_view kBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kCodeChars = 12;

json to_json(const Payload& p) {
  json j = json::object();
  j["kind"] = p.kind;
  j["serial"] = p.serial;
  j["revision"] = p.revision;
  j["person"] = p.person;
  j["name"] = p.name;
  if (!p.registration.empty()) j["registration"] = p.registration;
  j["ruleset"] = p.ruleset;
  j["edition"] = p.edition;
  if (p.from) j["from"] = p.from->iso();
  if (p.to) j["to"] = p.to->iso();
  j["issued"] = p.issued.iso();
  j["figures"] = json::object();
  for (const auto& [k, v] : p.figures) j["figures"][k] = v;
  if (!p.key.empty()) j["key"] = p.key;
  return j;
}

std::optional<std::string> str_at(const json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end()) return required ? std::nullopt : std::optional<std::string>("");
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<core::Date> date_at(const json& j, const char* key) {
  auto s = str_at(j, key, true);
  return s ? core::Date::parse(*s) : std::nullopt;
}

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::optional<Payload> from_json(const json& j) {
  static const std::array<const char*, 13> kKeys = {
      "kind",    "serial", "revision", "person", "name",    "registration", "ruleset",
      "edition", "from",   "to",       "issued", "figures", "key"};
  if (!j.is_object()) return std::nullopt;
  for (const auto& [k, v] : j.items())
    if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) return std::nullopt;
  Payload p;
  auto kind = str_at(j, "kind", true);
  auto serial = str_at(j, "serial", true);
  auto person = str_at(j, "person", true);
  auto name = str_at(j, "name", true);
  auto registration = str_at(j, "registration", false);
  auto ruleset = str_at(j, "ruleset", true);
  auto edition = str_at(j, "edition", true);
  auto issued = date_at(j, "issued");
  auto key = str_at(j, "key", false);
  if (!key || !kind || !serial || !person || !name || !registration || !ruleset || !edition ||
      !issued)
    return std::nullopt;
  auto rev = j.find("revision");
  if (rev == j.end() || !rev->is_number_integer() || rev->get<long long>() < 1 ||
      rev->get<long long>() > 1'000'000)
    return std::nullopt;
  p = Payload{*kind,        *serial,  static_cast<int>(rev->get<long long>()),
              *person,      *name,    *registration,
              *ruleset,     *edition, std::nullopt,
              std::nullopt, *issued,  {},
              *key};
  if (j.contains("from")) {
    p.from = date_at(j, "from");
    if (!p.from) return std::nullopt;
  }
  if (j.contains("to")) {
    p.to = date_at(j, "to");
    if (!p.to) return std::nullopt;
  }
  auto figs = j.find("figures");
  if (figs == j.end() || !figs->is_object()) return std::nullopt;
  for (const auto& [k, v] : figs->items()) {
    if (!v.is_string()) return std::nullopt;
    p.figures[k] = v.get<std::string>();
  }
  return p;
}

}  // namespace

std::string canonical_json(const Payload& p) {
  // nlohmann's object is a std::map: keys come out sorted bytewise, and dump() without an
  // indent has no white space.
  return to_json(p).dump(-1, ' ', false, json::error_handler_t::strict);
}

std::optional<Payload> parse_payload(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  auto p = from_json(j);
  if (!p) return std::nullopt;
  try {
    if (canonical_json(*p) != text) return std::nullopt;
  } catch (const json::exception&) {
    return std::nullopt;  // not UTF-8
  }
  return p;
}

Signed sign_payload(const Payload& unsigned_payload, const SecretKey& key) {
  Payload p = unsigned_payload;
  p.key = key_id(key.public_key());
  std::string body = std::string(kTokenPrefix) + base64url(canonical_json(p));
  Signed s;
  s.payload = p;
  s.signature = sign_detached(key, body);
  s.token = body + "." + base64url(s.signature);
  s.code = human_code(s.signature);
  return s;
}

std::optional<Signed> decode_token(std::string_view token) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  auto dot = token.rfind('.');
  if (dot < kTokenPrefix.size()) return std::nullopt;
  auto json_text = from_base64url(token.substr(kTokenPrefix.size(), dot - kTokenPrefix.size()));
  auto sig = from_base64url(token.substr(dot + 1));
  if (!json_text || !sig || sig->size() != kSignatureBytes) return std::nullopt;
  auto p = parse_payload(*json_text);
  if (!p) return std::nullopt;
  return Signed{*p, *sig, std::string(token), human_code(*sig)};
}

bool verify_token(const Signed& s, const PublicKey& key) {
  auto dot = s.token.rfind('.');
  if (dot == std::string::npos) return false;
  return verify_detached(key, std::string_view(s.token).substr(0, dot), s.signature);
}

std::vector<std::string> find_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find(kTokenPrefix, pos)) != std::string_view::npos) {
    if (pos > 0 && (is_token_char(text[pos - 1]) || text[pos - 1] == '.')) {
      pos += kTokenPrefix.size();
      continue;
    }
    std::size_t end = pos + kTokenPrefix.size();
    int dots = 0;
    while (end < text.size() && (is_token_char(text[end]) || (text[end] == '.' && dots == 0))) {
      if (text[end] == '.') ++dots;
      ++end;
    }
    std::string t(text.substr(pos, end - pos));
    if (dots == 1 && t.back() != '.' && std::find(out.begin(), out.end(), t) == out.end())
      out.push_back(t);
    pos = end;
  }
  return out;
}

std::string human_code(std::string_view signature) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(signature.data()),
                     signature.size());
  // The first 60 bits, 5 bits a character.
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[i];
  bits >>= 4;
  std::string raw;
  for (std::size_t i = 0; i < kCodeChars; ++i)
    raw += kBase32[(bits >> (5 * (kCodeChars - 1 - i))) & 31];
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::optional<std::string> normalise_code(std::string_view text) {
  std::string raw;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kBase32.find(c) == std::string_view::npos) return std::nullopt;
    raw += c;
  }
  if (raw.size() != kCodeChars) return std::nullopt;
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

}  // namespace balint::cert
