#include "balint/io/entry_export.hpp"

#include "balint/io/rows.hpp"

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

nlohmann::json entry_json(const domain::Entry& e) {
  nlohmann::json j{{"id", e.id}};
  const auto& cols = entry_columns();
  const auto row = entry_row(e);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (row[i].empty()) continue;
    if (cols[i] == "minutes" || cols[i] == "cases" || cols[i] == "days")
      j[cols[i]] = std::stoi(row[i]);
    else
      j[cols[i]] = row[i];
  }
  if (e.voided) j["voided"] = e.void_reason;
  return j;
}

}  // namespace balint::io
