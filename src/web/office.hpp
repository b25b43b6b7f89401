#pragma once
// Private to web: the society office's pages (secretary and auditor).
#include "web.hpp"

namespace balint::web {

/// The certificate register (GET /register).
void handle_office_page(Call& c);

/// Issuing certificates: the plan (GET /issue) and, confirmed, the run (POST /issue;
/// issue_pages.cpp).
void handle_issue_page(Call& c);

}  // namespace balint::web
