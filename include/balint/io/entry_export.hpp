#pragma once
// An entry as a §5 CSV row: the inverse of EntryRowParser.
#include <string>
#include <vector>

#include "balint/domain/model.hpp"

namespace balint::io {

/// The entry's cells in entry_columns() order: minutes given, hours empty, tags joined by ';'.
std::vector<std::string> entry_row(const domain::Entry& e);

}  // namespace balint::io
