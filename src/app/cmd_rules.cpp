// rules list, rules check, progress, accredit, waive (to be written).
#include "command.hpp"

namespace balint::app {
void add_rules_commands(std::vector<Command>&) {}
}  // namespace balint::app
