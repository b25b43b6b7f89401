#pragma once
// Private to web: the two text operations HTTP's grammar needs (header names and tokens are
// case-insensitive ASCII; fields are trimmed of optional white space, RFC 9110 §5.6.3), shared
// by the connection guard and the Accept-Language reader.
#include <string>
#include <string_view>

namespace balint::web {

/// `s` with A-Z as a-z; every other byte as it is.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// `s` without the spaces and tabs at either end.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace balint::web
