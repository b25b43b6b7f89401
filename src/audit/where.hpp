#pragma once
// Private to audit: the SPEC §6 field tests on one entry, as booleans (eval records the
// reasons; an audit only needs to know whether an entry falls under a requirement).
#include <set>
#include <string>

#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::audit::detail {

/// The families whose holders count as accredited for `q`'s *_accredited tests: the
/// requirement's own, else the rule set's, else the rule set's family.
std::set<std::string> accredited_families(const rules::RuleSet& rules,
                                          const rules::Requirement& q);

/// True when test `t` holds for `e` (SPEC §6: a list means any of; an entry without `days`
/// is one day; a derived boolean compares "that person held an accreditation of one of
/// `families` on the entry's date" with the test's flag).
bool holds(const rules::FieldTest& t, const domain::Entry& e,
           const std::set<std::string>& families, const domain::AccreditationIndex& accredited);

/// True when `q` applies to the person (its `when`, if any, matches their attributes).
bool applies(const rules::Requirement& q, const domain::Person& person);

}  // namespace balint::audit::detail
