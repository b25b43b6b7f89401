#pragma once
// All rule sets found in the rule directories, and the choice of edition for a person.
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::rules {

/// The date of the enrolment in `family` among `enrolments` (the earliest, should there be
/// several), or nullopt.
std::optional<core::Date> enrolled_in(const std::vector<domain::Enrolment>& enrolments,
                                      const std::string& family);

/// The edition of a pathway that applies to one person (Catalogue::edition_for).
struct EditionChoice {
  const RuleSet* rules = nullptr;         ///< the edition to evaluate the person by
  const RuleSet* in_force = nullptr;      ///< the edition in force on the evaluation date
  std::optional<core::Date> enrolled_on;  ///< the person's enrolment in the family
  /// Whether the person keeps an earlier edition, having enrolled before the one in force.
  bool grandfathered() const { return rules != in_force; }
};

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
  /// The edition of `family` for a person with `enrolments` (theirs), evaluated on `as_of`:
  /// for_family with their enrolment date, beside the edition in force (the one place this
  /// choice is made, for progress and audit alike). UsageError as for_family.
  EditionChoice edition_for(const std::string& family,
                            const std::vector<domain::Enrolment>& enrolments,
                            core::Date as_of) const;
  /// Every family, sorted.
  std::vector<std::string> families() const;

 private:
  std::vector<RuleSet> sets_;
};

}  // namespace balint::rules
