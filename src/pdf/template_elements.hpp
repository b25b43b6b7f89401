#pragma once
// Private to pdf: reading each kind of template element; problems go to the Reader.
#include <string>

#include "balint/pdf/template.hpp"
#include "resources.hpp"
#include "template_read.hpp"

namespace balint::pdf::detail::elements {

/// [[text]]: a text box.
TextBox read_text(Reader& r, const toml::table& t, const PageSetup& p);
/// [[line]]
Line read_line(Reader& r, const toml::table& t, const PageSetup& p);
/// [[rect]]: a border, a filled box or both.
Rect read_rect(Reader& r, const toml::table& t, const PageSetup& p);
/// [[image]]: a PNG file relative to `folder`, loaded into `res`.
Image read_image(Reader& r, const toml::table& t, const PageSetup& p, const std::string& folder,
                 Resources& res);
/// [[qr]]
QrCode read_qr(Reader& r, const toml::table& t, const PageSetup& p);
/// [report]: the progress report's look.
ReportStyle read_report(Reader& r, const toml::table& t);

}  // namespace balint::pdf::detail::elements
