#pragma once
// The activity log (schema 6, issue 19): one row for every write to the ledger through the
// command line and the server, written in the same transaction as the write it describes.
// Rows are only ever added: the schema's triggers refuse to change or delete one.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "balint/core/date.hpp"

namespace balint::store {

/// One value in an activity's detail: text or a count.
using DetailValue = std::variant<std::string, std::int64_t>;

/// What a write says about itself; the ledger adds when (UTC) and who (its actor).
struct ActivityNote {
  std::string operation;            ///< "log", "import entries", "void", "person add", ...
  std::string kind;                 ///< what it wrote: "entry", "person", "account", ...
  std::string subject;              ///< that thing's id; empty when it wrote several
  std::vector<std::string> people;  ///< the people it concerns (for --person)
  std::vector<std::pair<std::string, DetailValue>> detail;  ///< kept as one JSON object
};

/// One row of the log.
struct Activity {
  std::int64_t id = 0;
  std::string at;     ///< UTC, e.g. 2026-12-07T04:50:00Z
  std::string actor;  ///< "cli:LOGIN" from the command line, "web:PERSON" from the server
  std::string operation, kind, subject;
  std::vector<std::string> people;
  std::string detail;  ///< a JSON object
};

/// Which rows to read: by the UTC date of `at` (both ends included) and the person concerned.
struct ActivityFilter {
  std::optional<core::Date> since, until;
  std::optional<std::string> person;
};

/// "cli:LOGIN" for this process's user (getpwuid of the effective uid), "cli" without one.
std::string command_line_actor();

}  // namespace balint::store
