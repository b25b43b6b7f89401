#pragma once
// The data of the progress report's chart (PDF and web alike): cumulative minutes by role.
#include <map>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"

namespace balint::report {

/// For each role, the running total of minutes at each date with entries; voided entries and
/// those after `as_of` are left out. Roles in the vocabulary's order.
std::map<domain::Role, std::map<core::Date, long>> cumulative_minutes(
    const std::vector<domain::Entry>& entries, core::Date as_of);

}  // namespace balint::report
