#include "balint/report/audit_grid.hpp"

#include <fmt/core.h>

namespace balint::report {

std::string audit_slot(int row, const std::string& part) { return fmt::format("r{}{}", row, part); }

}  // namespace balint::report
