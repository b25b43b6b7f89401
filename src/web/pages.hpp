#pragma once
// Private to web: helpers shared by the page handlers.
#include <string>
#include <string_view>
#include <vector>

#include "balint/domain/model.hpp"
#include "web.hpp"

namespace balint::web {

/// 303 See Other to `to`.
void redirect(Call& c, const std::string& to);
/// Options of a <select>, `selected` marked.
mstch::array choices(const std::vector<std::string_view>& values, const std::string& selected);
/// One entry as a table row; `may_void` when it is `me`'s, not void and not verified.
mstch::map entry_row(const domain::Entry& e, const std::string& me);
/// What the page redirected to after a write says was done (`?done=`), translated; "" if none.
std::string done_message(const Call& c);
/// Every page but the dashboard, the style sheet and /healthz (forms.cpp).
void handle_other_page(Call& c);

}  // namespace balint::web
