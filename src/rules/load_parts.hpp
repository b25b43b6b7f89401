#pragma once
// Private to rules: the pieces of a rule file, each read while gathering every problem.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "balint/rules/ruleset.hpp"
#include "toml_read.hpp"

namespace balint::rules::detail {

/// Reads the field tests at `t[key]` (where, where_not, share_of); nullopt when absent or bad.
std::optional<Where> read_where(const toml::table& t, std::string_view key, Reporter& r);

/// Reads `[ruleset]` into `rs` (everything but requirements and credits).
void read_header(const toml::table& t, RuleSet& rs, Reporter& r);

/// Reads one `[[requirement]]` table; nullopt when it has no usable id.
std::optional<Requirement> read_requirement(const toml::table& t, const RuleSet& rs, Reporter& r);

/// Reads one `[[credit]]` table.
std::optional<CreditRate> read_credit(const toml::table& t, Reporter& r);

/// Where each requirement of a file is written, by id.
using Places = std::map<std::string, const toml::table*>;

/// Checks all_of/any_of references (defined, no cycles) and marks parts as not top-level.
void link_requirements(RuleSet& rs, const Places& places, Reporter& r);

}  // namespace balint::rules::detail
