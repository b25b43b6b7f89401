#pragma once
// Private to web: the secretary's pages (CSV import, people, voids, waivers, accreditation).
#include "web.hpp"

namespace balint::web {

/// The largest CSV a secretary may upload; the server refuses a larger body with 413 before
/// any handler runs (server.cpp's payload limit is this).
constexpr std::size_t kMaxUploadBytes = 4 * 1024 * 1024;

/// GET and POST /import (import_page.cpp).
void handle_import_page(Call& c);

/// The people: list and search, add, one person's page with their progress, documents and
/// entries, and the forms that change them (people_pages.cpp).
void handle_people_page(Call& c);

}  // namespace balint::web
