#pragma once
// Reading rule files: every problem in a file is reported, as FILE:LINE:COL.
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::rules {

/// Loads one rule file; throws DataError with every diagnostic, NoInputError when missing.
RuleSet load_rule_file(const std::string& path);

/// Loads a rule set from TOML `text` as load_rule_file loads a file's content (for tests and
/// fuzzers); `name` stands for the file in its diagnostics and in RuleSet::file. Throws
/// DataError with every diagnostic.
RuleSet load_rule_text(const std::string& text, const std::string& name);

/// Every problem in every file, plus rule set ids defined in more than one of them.
/// A missing file is reported as a diagnostic too.
std::vector<core::Diagnostic> check_rule_files(const std::vector<std::string>& paths);

}  // namespace balint::rules
