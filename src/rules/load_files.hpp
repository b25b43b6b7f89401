#pragma once
// Private to rules: one file's outcome, shared by the loader and the catalogue.
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::rules::detail {

/// A file read: the rule set when it had no problem, else every diagnostic.
struct LoadedFile {
  std::optional<RuleSet> rule_set;
  std::vector<core::Diagnostic> diagnostics;
  bool missing = false;
  toml::source_region id_place;  ///< where `[ruleset] id` is written
};

/// Reads and checks one rule file; never throws for problems in it.
LoadedFile load_file(const std::string& path);
/// Checks the TOML `text` of a rule file named `name`; never throws for problems in it.
LoadedFile load_text(const std::string& text, const std::string& name);

/// A diagnostic for each rule set id already defined in an earlier file.
std::vector<core::Diagnostic> duplicate_ids(const std::vector<LoadedFile>& files);

}  // namespace balint::rules::detail
