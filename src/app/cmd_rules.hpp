#pragma once
// Shared by the rule commands (cmd_rules.cpp, cmd_progress.cpp, cmd_waive.cpp).
#include <string>
#include <vector>

#include "balint/rules/catalogue.hpp"
#include "command.hpp"

namespace balint::app {

/// The person operand (option "person"); UsageError when missing.
std::string person_operand(const po::variables_map& vm);

/// Registers progress and accredit.
void add_progress_commands(std::vector<Command>& table);
/// Registers waive.
void add_waive_command(std::vector<Command>& table);

}  // namespace balint::app
