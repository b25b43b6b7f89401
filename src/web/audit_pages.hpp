#pragma once
// Private to web: the society audit's pages and downloads (secretary and auditor).
#include "web.hpp"

namespace balint::web {

/// GET /audit, /audit/anomalies, /audit.csv, /audit.json, /audit.pdf, /audit/letters/{person}.
void handle_audit_page(Call& c);

}  // namespace balint::web
