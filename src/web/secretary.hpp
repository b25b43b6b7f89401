#pragma once
// Private to web: the secretary's pages (CSV import, people, voids, waivers, accreditation).
#include <string>
#include <string_view>

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

/// The web accounts (GET and POST /accounts, /accounts/ID/role|disable|reset): `balint user
/// add --invite`, `user role`, `user disable`, `user reset` (accounts_page.cpp).
void handle_accounts_page(Call& c);
/// An account role's name in the page's language.
std::string role_label(std::string_view role);
/// The four roles as <select> options, `selected` marked.
mstch::array role_choices(const std::string& selected);
/// Why disabling or demoting the last secretary account that can log in is refused.
std::string lock_out_message();

}  // namespace balint::web
