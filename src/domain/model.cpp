#include "balint/domain/model.hpp"

namespace balint::domain {

AccreditationIndex::AccreditationIndex(const std::vector<Accreditation>& all) {
  for (const auto& a : all) by_person_[a.person].push_back(a);
}

bool AccreditationIndex::held(const std::string& person, const std::set<std::string>& families,
                              core::Date on) const {
  auto first = first_granted(person, families);
  return first && *first <= on;
}

std::optional<core::Date> AccreditationIndex::first_granted(
    const std::string& person, const std::set<std::string>& families) const {
  auto it = by_person_.find(person);
  if (it == by_person_.end()) return std::nullopt;
  std::optional<core::Date> best;
  for (const auto& a : it->second)
    if (families.count(a.family) && (!best || a.on < *best)) best = a.on;
  return best;
}

}  // namespace balint::domain
