#pragma once
// The rule sets the command line and the server evaluate with.
#include <string>
#include <vector>

#include "balint/rules/catalogue.hpp"

namespace balint::service {

/// The rule sets of `dirs` (SPEC §2): directories that do not exist are skipped, and a rule set
/// id found in an earlier directory hides the same id in a later one. DataError with every
/// problem of every file.
rules::Catalogue load_catalogue(const std::vector<std::string>& dirs);

}  // namespace balint::service
