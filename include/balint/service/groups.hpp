#pragma once
// The groups a leader leads and the people and entries in them (the leader's web pages).
#include <set>
#include <string>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// The groups `person` leads: those of their own entries (not void) as leader or co-leader.
std::set<std::string> led_groups(const store::Ledger& ledger, const std::string& person);

/// True when `person` has an entry (not void) in one of `groups`.
bool in_groups(const store::Ledger& ledger, const std::string& person,
               const std::set<std::string>& groups);

/// The people in some groups and the entries of theirs a leader may confirm.
struct GroupOverview {
  std::set<std::string> members;           ///< everyone with an entry in the groups but the leader
  std::vector<domain::Entry> unconfirmed;  ///< their entries not void and not verified, by date
};

/// One query per group, on the index entry_group_date (schema 4).
GroupOverview group_overview(const store::Ledger& ledger, const std::set<std::string>& groups,
                             const std::string& leader);

}  // namespace balint::service
