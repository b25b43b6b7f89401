#include "balint/report/chart.hpp"

namespace balint::report {

std::map<domain::Role, std::map<core::Date, long>> cumulative_minutes(
    const std::vector<domain::Entry>& entries, core::Date as_of) {
  std::map<domain::Role, std::map<core::Date, long>> by_role;
  for (const auto& e : entries)
    if (!e.voided && e.date <= as_of) by_role[e.role][e.date] += e.minutes;
  for (auto& [role, days] : by_role) {
    long sum = 0;
    for (auto& [day, minutes] : days) minutes = sum += minutes;
  }
  return by_role;
}

}  // namespace balint::report
