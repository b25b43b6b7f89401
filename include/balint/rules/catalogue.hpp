#pragma once
// All rule sets found in the rule directories, and the choice of edition for a person.
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::rules {

/// The rule files of `dir`: every `*.toml` in it that is not a folder, by path. NoInputError
/// when `dir` is not a folder.
std::vector<std::string> rule_files(const std::string& dir);

/// The rule sets of a list of directories; ids are unique across all of them.
class Catalogue {
 public:
  /// Loads every `*.toml` in `dirs`; DataError listing every problem (two files with one id
  /// included), NoInputError when a directory is missing.
  static Catalogue load(const std::vector<std::string>& dirs);
  /// A catalogue of rule sets already loaded (ids must be unique; DataError otherwise).
  static Catalogue from(std::vector<RuleSet> sets);

  /// Every rule set, by family, then effective_from, then id.
  const std::vector<RuleSet>& all() const { return sets_; }
  /// The rule set with that id; UsageError (with "did you mean") when unknown.
  const RuleSet& by_id(const std::string& id) const;
  /// The edition of `family` in force on `as_of`, or the edition it superseded when the
  /// person enrolled strictly before its effective_from and it grandfathers;
  /// UsageError when the family is unknown or no edition is in force.
  const RuleSet& for_family(const std::string& family, std::optional<core::Date> enrolled_on,
                            core::Date as_of) const;
  /// Every family, sorted.
  std::vector<std::string> families() const;

 private:
  std::vector<RuleSet> sets_;
};

}  // namespace balint::rules
