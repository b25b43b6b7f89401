#pragma once
// Private to pdf: laying out template pages, shared by certificates and the progress report.
#include "balint/pdf/render.hpp"
#include "display.hpp"
#include "engine.hpp"

namespace balint::pdf::detail {

/// One page of `t` with `fields`: every element, placeholders filled. Problems (characters
/// no font has, missing fields, text that does not fit) go to `p`.
PageOps layout_page(const Template& t, const Fields& fields, Problems& p);

/// Reports metadata that is not valid UTF-8.
void check_meta(const Meta& meta, Problems& p);

}  // namespace balint::pdf::detail
