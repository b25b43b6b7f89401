#include "balint/core/error.hpp"

#include <fmt/core.h>

namespace balint::core {

std::string Diagnostic::str() const {
  if (file.empty()) return message;
  if (line <= 0) return fmt::format("{}: {}", file, message);
  if (col <= 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, col, message);
}

static std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

Error::Error(Exit code, std::string message)
    : std::runtime_error(message), code_(code), lines_{std::move(message)} {}

Error::Error(Exit code, std::vector<std::string> lines)
    : std::runtime_error(join_lines(lines)), code_(code), lines_(std::move(lines)) {}

static std::vector<std::string> diagnostic_lines(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  out.reserve(ds.size());
  for (const auto& d : ds) out.push_back(d.str());
  return out;
}

DataError::DataError(const std::vector<Diagnostic>& ds) : Error(Exit::data, diagnostic_lines(ds)) {}

}  // namespace balint::core
