#include "balint/io/entry_export.hpp"

namespace balint::io {

std::vector<std::string> entry_row(const domain::Entry& e) {
  std::string tags;
  for (const auto& t : e.tags) tags += (tags.empty() ? "" : ";") + t;
  return {e.date.iso(),
          e.person,
          std::string(domain::to_string(e.activity)),
          std::string(domain::to_string(e.role)),
          std::to_string(e.minutes),
          "",
          e.group,
          e.setting,
          std::string(domain::to_string(e.format)),
          e.leader,
          e.co_leader,
          e.supervisor,
          e.cases ? std::to_string(*e.cases) : "",
          e.event,
          e.days ? std::to_string(*e.days) : "",
          tags,
          e.verified_by,
          e.note};
}

}  // namespace balint::io
