#include "balint/service/groups.hpp"

#include <algorithm>
#include <tuple>

namespace balint::service {

std::set<std::string> led_groups(const store::Ledger& ledger, const std::string& person) {
  std::set<std::string> out;
  ledger.for_each_entry({person, std::nullopt, std::nullopt, false}, [&](const domain::Entry& e) {
    if (!e.group.empty() && (e.role == domain::Role::leader || e.role == domain::Role::co_leader))
      out.insert(e.group);
  });
  return out;
}

bool in_groups(const store::Ledger& ledger, const std::string& person,
               const std::set<std::string>& groups) {
  if (groups.empty()) return false;
  bool found = false;
  ledger.for_each_entry({person, std::nullopt, std::nullopt, false}, [&](const domain::Entry& e) {
    found = found || groups.count(e.group) > 0;
  });
  return found;
}

GroupOverview group_overview(const store::Ledger& ledger, const std::set<std::string>& groups,
                             const std::string& leader) {
  GroupOverview out;
  if (groups.empty()) return out;
  for (const auto& g : groups) {
    ledger.for_each_entry_in_group(g, [&](const domain::Entry& e) {
      if (e.person == leader) return;
      out.members.insert(e.person);
      if (e.verified_by.empty()) out.unconfirmed.push_back(e);
    });
  }
  // One list across the groups, in the ledger's order (date, person, id).
  std::sort(out.unconfirmed.begin(), out.unconfirmed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.person, a.id) < std::tie(b.date, b.person, b.id);
  });
  return out;
}

}  // namespace balint::service
