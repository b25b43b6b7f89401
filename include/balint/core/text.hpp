#pragma once
// UTF-8 checks, NFC normalisation, handles and "did you mean" suggestions.
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balint::core {

/// True when `s` is well-formed UTF-8.
bool valid_utf8(std::string_view s);
/// Where the first malformed UTF-8 sequence of `s` starts; npos when there is none.
std::size_t utf8_error_at(std::string_view s);
/// Unicode NFC of well-formed UTF-8 (throws DataError on malformed input).
std::string nfc(std::string_view s);
/// True when `s` is one or more ASCII digits (0-9) and nothing else.
bool all_digits(std::string_view s);
/// Strips leading and trailing ASCII spaces and tabs.
/// `s` case-folded and composed (Unicode's full case folding, NFC), for matching without
/// regard to case in any script; invalid UTF-8 comes back unchanged.
std::string casefold(std::string_view s);
std::string_view trim(std::string_view s);
/// True for a person handle: `[a-z0-9._-]+`, at most 64 characters.
bool valid_handle(std::string_view s);
/// Why `name` may not be a person's name: it holds a control character (C0, C1, DEL, tab,
/// a line break) or a bidi override or isolate (U+202A–202E, U+2066–2069); nullopt when fine.
std::optional<std::string> name_problem(std::string_view name);
/// Levenshtein distance over bytes.
int edit_distance(std::string_view a, std::string_view b);
/// Words longer than this get no suggestion (no candidate of up to 170 bytes could match).
constexpr std::size_t kMaxSuggestWord = 256;
/// The closest candidate within a small distance (or a unique prefix match), if any.
std::optional<std::string> suggest(std::string_view word,
                                   const std::vector<std::string>& candidates);
/// A count and its noun: "1 session", "3 sessions" (`one` for exactly 1, else `many`).
template <std::integral N>
std::string plural(N n, std::string_view one, std::string_view many) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}
/// "; did you mean 'x'?" or an empty string.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
/// `s` itself when at most `max` bytes, else its first bytes (whole UTF-8 characters) and
/// "… (N bytes)": for quoting a value from a file in a message without copying all of it.
std::string excerpt(std::string_view s, std::size_t max = 80);
/// Splits on a single character; empty pieces are kept.
std::vector<std::string> split(std::string_view s, char sep);
/// Text that came from a file, a payload or the ledger, made safe to print on a terminal: a
/// newline is shown as "\\n", CR as "\\r", a tab as "\\t", other C0 controls and DEL as
/// "\\xNN", C1 controls, bidi controls (U+061C, U+200E–200F, U+202A–202E, U+2066–2069) and
/// line/paragraph separators (U+2028–2029) as "\\u{NNNN}", a byte that is not UTF-8 as
/// "\\xNN". Everything else, backslashes included, is kept as it is.
std::string printable(std::string_view s);
/// Display width in terminal columns (code points; combining marks count 0).
int display_width(std::string_view s);

}  // namespace balint::core
