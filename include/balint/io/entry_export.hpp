#pragma once
// An entry as a §5 CSV row: the inverse of EntryRowParser.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "balint/domain/model.hpp"

namespace balint::io {

/// The entry's cells in entry_columns() order: minutes given, hours empty, tags joined by ';'.
std::vector<std::string> entry_row(const domain::Entry& e);

/// The entry as a JSON object (`entries --format json`, `GET /api/people/{id}/entries`): its
/// `id`, then entry_row()'s non-empty cells under their column names (minutes, cases and days
/// as numbers), and `voided` (the reason) when voided.
nlohmann::json entry_json(const domain::Entry& e);

}  // namespace balint::io
