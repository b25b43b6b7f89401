#pragma once
// The SPEC §6 field tests on one entry, and a requirement's `when`: the one implementation,
// used by the evaluation (which also puts a failing test in words) and by the audit (which
// only needs to know whether an entry falls under a requirement).
#include <set>
#include <string>

#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::eval {

/// The families whose holders count as accredited for the *_accredited tests of `q` (nullptr:
/// the rule set's [[credit]] rates): the requirement's own, else the rule set's
/// accredited_families, else the rule set's family.
std::set<std::string> accredited_families(const rules::RuleSet& rules, const rules::Requirement* q);

/// True when test `t` holds for `e` (SPEC §6: a list means any of; an entry without `days` is
/// one day; a derived boolean compares "that person held an accreditation of one of
/// `families` on the entry's date" with the test's flag).
bool field_test_holds(const rules::FieldTest& t, const domain::Entry& e,
                      const std::set<std::string>& families,
                      const domain::AccreditationIndex& accredited);

/// True when `q` applies to `person`: it has no `when`, or their attribute equals its value.
bool requirement_applies(const rules::Requirement& q, const domain::Person& person);

}  // namespace balint::eval
