#pragma once
// Typed errors, each carrying the exit code of SPEC §4; caught once in app::run.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace balint::core {

/// Process exit codes (SPEC §4).
enum class Exit : int {
  ok = 0,
  negative = 1,   // a negative answer: not eligible, certificate not valid
  usage = 2,      // bad command line
  data = 65,      // bad data in an input file; nothing written
  no_input = 66,  // input file missing
  internal = 70,
  cant_write = 73,
};

/// The most problems one error prints; the rest are only counted, so that a file of 200,000
/// bad rows is refused in some pages of messages, not in megabytes (SPEC §5 asks for every
/// bad row; past this many that helps nobody).
constexpr std::size_t kMaxProblems = 1000;

/// A place in a file and what is wrong there; line/col 0 mean "not known".
struct Diagnostic {
  std::string file;
  int line = 0;
  int col = 0;
  std::string message;
  /// `FILE:LINE:COL: message`, `FILE:LINE: message` or `FILE: message`.
  std::string str() const;
};

/// Base of every error the program reports; `lines()` are printed one per line after `balint: `.
class Error : public std::runtime_error {
 public:
  Error(Exit code, std::string message);
  Error(Exit code, std::vector<std::string> lines);
  Exit code() const { return code_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  Exit code_;
  std::vector<std::string> lines_;
};

struct UsageError : Error {
  explicit UsageError(std::string m) : Error(Exit::usage, std::move(m)) {}
};
struct DataError : Error {
  explicit DataError(std::string m) : Error(Exit::data, std::move(m)) {}
  explicit DataError(const std::vector<Diagnostic>& ds);
};
struct NoInputError : Error {
  explicit NoInputError(std::string m) : Error(Exit::no_input, std::move(m)) {}
};
struct WriteError : Error {
  explicit WriteError(std::string m) : Error(Exit::cant_write, std::move(m)) {}
};
struct InternalError : Error {
  explicit InternalError(std::string m) : Error(Exit::internal, std::move(m)) {}
};

}  // namespace balint::core
