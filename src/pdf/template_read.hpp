#pragma once
// Private to pdf: typed reads from a template's TOML tables that report every problem as
// FILE:LINE:COL and never throw, so that all problems in a file are gathered.
#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/pdf/template.hpp"
#include "balint/tomldiag/diagnostics.hpp"

namespace balint::pdf::detail {

/// Gathers diagnostics for one template file and knows its text, to point at placeholders.
class Reader {
 public:
  Reader(std::string file, const std::string& text, const std::set<std::string>& placeholders);

  void error(const toml::source_region& at, std::string message);
  void error(int line, int col, std::string message);
  /// The diagnostics, by line then column.
  std::vector<core::Diagnostic> sorted() const;
  const std::string& file() const { return diags_.file(); }

  /// Reports keys of `t` not in `allowed` (with "did you mean"); `what` names the table.
  void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                  std::string_view what);
  /// A table at `key` of `root`, or null (reported when it is something else).
  const toml::table* table(const toml::table& root, std::string_view key);
  /// The tables of an array of tables `[[key]]`.
  std::vector<const toml::table*> tables(const toml::table& root, std::string_view key);

  std::optional<std::string> string(const toml::table& t, std::string_view key);
  /// A number (integer or decimal) within [lo, hi].
  std::optional<double> number(const toml::table& t, std::string_view key, double lo, double hi);
  std::optional<int> integer(const toml::table& t, std::string_view key, int lo, int hi);
  std::optional<bool> boolean(const toml::table& t, std::string_view key);
  /// "#RRGGBB" or "#RGB".
  std::optional<Color> color(const toml::table& t, std::string_view key);
  /// A list of colours.
  std::vector<Color> colors(const toml::table& t, std::string_view key);
  /// One string or a list of strings, each with its place.
  std::vector<std::pair<std::string, toml::source_region>> strings(const toml::table& t,
                                                                   std::string_view key);
  /// A point [x, y].
  std::optional<std::pair<double, double>> point(const toml::table& t, std::string_view key);
  /// A string with {placeholders}; each unknown one is reported where it is written.
  std::optional<std::string> text(const toml::table& t, std::string_view key);
  /// Where `t` starts, as a Place.
  static Place place(const toml::table& t);

 private:
  std::pair<int, int> locate(const toml::source_region& at, std::string_view needle) const;

  tomldiag::Diagnostics diags_;
  std::vector<std::string> lines_;
  const std::set<std::string>& placeholders_;
};

}  // namespace balint::pdf::detail
