#pragma once
// Private to web: the society office's pages (secretary and auditor).
#include "web.hpp"

namespace balint::web {

/// The certificate register (GET /register).
void handle_office_page(Call& c);

}  // namespace balint::web
