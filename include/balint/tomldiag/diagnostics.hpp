#pragma once
// One TOML diagnostics layer for every TOML file balint reads (rule files, PDF templates):
// problems gathered as FILE:LINE:COL diagnostics, never thrown one at a time, so that a file's
// every problem is reported at once. The one public header that includes a third-party
// header (toml++): only the modules that read TOML (rules, pdf) link this module.
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"

namespace balint::tomldiag {

/// Gathers the diagnostics of one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  /// Records `message` at the beginning of `at`.
  void error(const toml::source_region& at, std::string message);
  /// Records `message` at a known line and column.
  void error(int line, int col, std::string message);
  bool empty() const { return diags_.empty(); }
  const std::string& file() const { return file_; }
  /// The diagnostics gathered, sorted by line then column (stable).
  std::vector<core::Diagnostic> sorted() const;

 private:
  std::string file_;
  std::vector<core::Diagnostic> diags_;
};

/// "a string", "an integer", "a date" ... for messages.
std::string_view type_name(const toml::node& n);

/// Reports every key of `t` that is not in `allowed`, with "did you mean"; `what` names `t`.
void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                std::string_view what, Diagnostics& d);

/// Reports the value `n` of `key` as of the wrong type: "'KEY' must be WANT, not a list".
void wrong_type(const toml::node& n, std::string_view key, std::string_view want, Diagnostics& d);

/// The boolean at `key` of `t`; nullopt when absent or (reported) not a boolean.
std::optional<bool> boolean(const toml::table& t, std::string_view key, Diagnostics& d);

/// The table at `key` of `root`; null when absent or (reported) not a table: "[KEY]".
const toml::table* table(const toml::table& root, std::string_view key, Diagnostics& d);

/// A string and where it is written.
struct Located {
  std::string value;
  toml::source_region at;
};

/// The strings at `key` of `t`: a list of strings or, with `single_ok`, one string (a list of
/// one). Another type, an empty list and each element that is not a string are reported; the
/// elements that are strings are kept.
struct Strings {
  std::vector<Located> items;
  bool present = false;  ///< `key` is there
  bool ok = true;        ///< nothing was reported
};
Strings strings(const toml::table& t, std::string_view key, bool single_ok, Diagnostics& d);

/// The tables of an array of tables `[[KEY]]` at `key` of `root`; anything else there (a table
/// written [KEY], a value, an element that is not a table) is reported and left out.
std::vector<const toml::table*> tables(const toml::table& root, std::string_view key,
                                       Diagnostics& d);

}  // namespace balint::tomldiag
