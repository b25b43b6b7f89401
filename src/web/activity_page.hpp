#pragma once
// Private to web: the activity log's page and its CSV (secretary and auditor).
#include "web.hpp"

namespace balint::web {

/// GET /activity (the page, with filters) and GET /activity.csv (every matching row).
void handle_activity_page(Call& c);

}  // namespace balint::web
