#pragma once
// Reading rule files: every problem in a file is reported, as FILE:LINE:COL.
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::rules {

/// Loads one rule file; throws DataError with every diagnostic, NoInputError when missing.
RuleSet load_rule_file(const std::string& path);

/// Every problem in every file, plus rule set ids defined in more than one of them.
/// A missing file is reported as a diagnostic too.
std::vector<core::Diagnostic> check_rule_files(const std::vector<std::string>& paths);

}  // namespace balint::rules
