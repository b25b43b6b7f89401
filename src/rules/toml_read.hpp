#pragma once
// Private to rules: typed reads from toml++ tables that report, never throw, so that every
// problem in a file is gathered.
#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/tomldiag/diagnostics.hpp"

namespace balint::rules::detail {

/// Gathers diagnostics for one file (tomldiag's, shared with the PDF templates).
using Reporter = tomldiag::Diagnostics;
using tomldiag::check_keys;
using tomldiag::type_name;
using tomldiag::wrong_type;

/// Where the key `key` of `t` is written (the table's own place when it is not there).
toml::source_region key_place(const toml::table& t, std::string_view key);

/// Reports `key` missing from `t` (at the table's place); false when missing.
bool require(const toml::table& t, std::string_view key, std::string_view what, Reporter& r);

/// The longest string value accepted, in bytes (the same bound as a CSV cell).
constexpr std::size_t kMaxStringBytes = 10000;

/// A string value; a wrong type, a NUL or a string over kMaxStringBytes is reported and gives
/// nullopt, as does absence.
std::optional<std::string> read_string(const toml::table& t, std::string_view key, Reporter& r);
/// A boolean value (tomldiag's).
inline std::optional<bool> read_bool(const toml::table& t, std::string_view key, Reporter& r) {
  return tomldiag::boolean(t, key, r);
}
/// A native TOML date (a quoted string is refused with a hint).
std::optional<core::Date> read_date(const toml::table& t, std::string_view key, Reporter& r);
/// A number ≥ 0 with at most two decimals (integer or float).
std::optional<core::Centi> read_decimal(const toml::table& t, std::string_view key, Reporter& r);
/// An integer ≥ 0.
std::optional<long> read_count(const toml::table& t, std::string_view key, Reporter& r);
/// A span such as "5y" or "18m".
std::optional<core::Span> read_span(const toml::table& t, std::string_view key, Reporter& r);
/// A string and where it is written (tomldiag's).
using tomldiag::Located;

/// A non-empty list of strings; with `single_ok`, one string is taken as a list of one.
std::optional<std::vector<Located>> read_strings(const toml::table& t, std::string_view key,
                                                 bool single_ok, Reporter& r);
/// The values of `list`, without their places.
std::vector<std::string> values(const std::vector<Located>& list);

}  // namespace balint::rules::detail
