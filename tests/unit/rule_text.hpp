#pragma once
// Shared by the eval and report tests: a rule set from TOML text, loaded in memory
// (rules::load_rule_text), with a fixed [ruleset] header before `body`.
#include <string>

#include "balint/rules/loader.hpp"

namespace balint::test {

inline rules::RuleSet rule_set(const std::string& body, const std::string& kind = "accreditation") {
  return rules::load_rule_text("[ruleset]\nid = \"t\"\nfamily = \"fam\"\nkind = \"" + kind +
                                   "\"\ntitle = \"T\"\neffective_from = 2000-01-01\n\n" + body,
                               "t.toml");
}

}  // namespace balint::test
