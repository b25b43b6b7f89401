#pragma once
// Helpers shared by the entry and people row parsers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/io/csv.hpp"

namespace balint::io::detail {

/// One trimmed cell; empty means "not given".
struct Cell {
  std::string_view text;
  bool bad_utf8 = false;
};

/// The trimmed cell of a raw field.
Cell make_cell(std::string_view raw);

/// Gathers `FILE:LINE: column: what` diagnostics of one record.
class Problems {
 public:
  Problems(const std::string& file, int line, std::vector<core::Diagnostic>& out)
      : file_(file), line_(line), out_(out), before_(out.size()) {}
  void add(std::string_view column, std::string_view what);
  /// True when something was added since construction.
  bool any() const { return out_.size() != before_; }

 private:
  const std::string& file_;
  int line_;
  std::vector<core::Diagnostic>& out_;
  std::size_t before_;
};

/// False (and a diagnostic) when `rec` does not have `expected` fields.
bool field_count_ok(const std::string& file, const CsvRecord& rec, std::size_t expected,
                    std::vector<core::Diagnostic>& out);

/// The trimmed name of header field `index`; nullopt (reported) when empty or not UTF-8.
std::optional<std::string> header_name(Problems& problems, std::string_view raw,
                                       std::size_t index);

/// "unknown activity 'x'; did you mean 'y'?" or "unknown activity 'x' (one of: a, b)".
std::string unknown_choice(std::string_view what, std::string_view value,
                           const std::vector<std::string>& choices);

}  // namespace balint::io::detail
