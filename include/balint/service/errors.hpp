#pragma once
// The errors a service raises besides core's, so that each front end can answer in its own way
// (the command line by exit code, the web by HTTP status). Both are usage errors (exit 2).
#include <string>
#include <vector>

#include "balint/core/error.hpp"

namespace balint::service {

/// Something named in the request does not exist (an entry, a person, a certificate).
struct NotFound : core::UsageError {
  explicit NotFound(std::string m) : core::UsageError(std::move(m)) {}
};

/// The request is sound but the ledger's state forbids it (already void, already confirmed).
struct Conflict : core::UsageError {
  explicit Conflict(std::string m) : core::UsageError(std::move(m)) {}
};

/// Values of a request that do not pass the §5 checks: each line is `column: what is wrong`,
/// in the §5 column's name.
struct FieldErrors : core::Error {
  explicit FieldErrors(std::vector<std::string> lines)
      : core::Error(core::Exit::usage, std::move(lines)) {}
};

}  // namespace balint::service
