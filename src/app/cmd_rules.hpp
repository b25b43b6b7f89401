#pragma once
// Shared by the rule commands (cmd_rules.cpp, cmd_progress.cpp, cmd_waive.cpp).
#include <string>
#include <vector>

#include "balint/rules/catalogue.hpp"
#include "command.hpp"

namespace balint::app {

/// The rule sets of ctx.rules_dirs: directories that do not exist are skipped, and a rule set id
/// found in an earlier directory hides the same id in a later one (SPEC §2: first match wins).
/// DataError with every problem of every file.
rules::Catalogue load_catalogue(const Context& ctx);

/// The person operand (option "person"); UsageError when missing.
std::string person_operand(const po::variables_map& vm);

/// Registers progress and accredit.
void add_progress_commands(std::vector<Command>& table);
/// Registers waive.
void add_waive_command(std::vector<Command>& table);

}  // namespace balint::app
