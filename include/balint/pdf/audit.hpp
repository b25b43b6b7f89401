#pragma once
// The audit report's page layout (beside the progress report's, pdf/progress.hpp): where every
// slot of report::audit_grid goes on a landscape page. render::audit_pages fills the slots;
// render_pages draws them.
#include "balint/pdf/template.hpp"

namespace balint::pdf {

/// The audit report's page: the fonts, colours and logo of `style` (the progress report's
/// template, templates/progress-report.toml), turned to landscape, with a one-line text box
/// for every slot of report::audit_grid (bars first, so that text is drawn over them), and the
/// header, title, subtitle, footer and page number.
Template audit_page(Template style);

}  // namespace balint::pdf
