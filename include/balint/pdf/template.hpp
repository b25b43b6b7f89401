#pragma once
// Page layouts as data: a TOML template names the page, the fonts (with fallbacks) and the
// elements to draw, with {placeholders} filled in per page. Every problem in a template is
// reported as FILE:LINE:COL, all of them at once.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace balint::pdf {

namespace detail {
struct Resources;  // fonts and images, read once per template
}

/// Values for the {placeholders} of a template, by name.
using Fields = std::map<std::string, std::string>;

/// Horizontal alignment of text in its box.
enum class Align { left, center, right };

/// A colour written "#RRGGBB" in templates.
struct Color {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Color&) const = default;
};

/// Page size and margins in points (1/72 inch); orientation already applied.
struct PageSetup {
  double width = 595.276;  ///< A4 portrait by default
  double height = 841.89;
  double top = 56.7, right = 56.7, bottom = 56.7, left = 56.7;  ///< margins, 20 mm
};

/// Where an element is written in its template, for messages.
struct Place {
  int line = 0;
  int col = 0;
};

/// Text in a box: wrapped to the box width, explicit newlines kept, placeholders filled.
/// Coordinates of all elements are points from the top-left corner of the area inside the
/// margins, y growing downwards.
struct TextBox {
  std::string text;              ///< with {placeholders}; "{{" and "}}" are literal braces
  double x = 0, y = 0;           ///< top-left corner of the box
  double width = 0;              ///< 0: to the right margin
  double height = 0;             ///< 0: no limit; else the text is set smaller to fit
  double size = 12;              ///< font size in points
  double min_size = 0;           ///< to fit max_lines or height, the size may shrink to this
                                 ///< (0: half the size)
  double one_line_min_size = 0;  ///< > 0: kept on one line down to this size before wrapping
  int max_lines = 0;             ///< 0: no limit
  double line_height = 1.25;     ///< baseline distance as a multiple of the size
  bool bold = false;             ///< use the bold font chain
  Align align = Align::left;
  Color color;
  Place place;
};

/// A straight line.
struct Line {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double width = 1;
  Color color;
  Place place;
};

/// A rectangle, stroked (a border), filled, or both.
struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  double stroke_width = 1;
  std::optional<Color> stroke;
  std::optional<Color> fill;
  Place place;
};

/// A PNG image; one of width and height may be derived from the image's proportions.
struct Image {
  std::string file;  ///< as resolved (relative to the template's folder)
  double x = 0, y = 0, width = 0, height = 0;
  int index = 0;  ///< into the template's loaded images
  Place place;
};

/// A QR code of `data` (placeholders filled), drawn as filled squares with a quiet zone.
struct QrCode {
  std::string data;
  double x = 0, y = 0, size = 72;
  Color color;
  Place place;
};

/// One thing drawn on a page; elements are drawn in the order they appear in the file.
using Element = std::variant<TextBox, Line, Rect, Image, QrCode>;

/// The programmatic progress report's look ([report] table of a report template).
struct ReportStyle {
  std::string header;                                 ///< top of every page, placeholders filled
  std::string footer;                                 ///< bottom left of every page
  std::string page_label = "page {page} of {pages}";  ///< bottom right of every page
  double header_height = 28;                          ///< band above the content, inside the margin
  double footer_height = 24;                          ///< band below the content, inside the margin
  double title_size = 18;
  double size = 9;  ///< body text
  Color text{0x22, 0x22, 0x22};
  Color accent{0x1f, 0x3a, 0x5f};
  Color muted{0x75, 0x75, 0x75};
  Color met{0x2e, 0x7d, 0x32};
  Color not_met{0xc6, 0x28, 0x28};
  Color waived{0x6a, 0x1b, 0x9a};
  Color not_applicable{0x9e, 0x9e, 0x9e};
  Color bar{0xe6, 0xe6, 0xe6};   ///< the empty part of a progress bar
  Color rule{0xcc, 0xcc, 0xcc};  ///< table rules and chart axes
  std::vector<Color> series;     ///< chart colours, one per role in order of appearance
};

/// What a certificate template says beyond its layout ([certificate] table).
struct CertificateStyle {
  std::string issuer;  ///< the issuing society, {issuer} (the settings' `issuer` overrides it)
  std::string registration_attribute = "registration";  ///< the person attribute for {registration}
  std::string registration_label = "Registration number";  ///< printed before its value
};

/// A loaded template: geometry, fonts, elements; fonts and images are read once.
struct Template {
  std::string path;
  PageSetup page;
  std::vector<std::string> regular_fonts;  ///< families or font files, first choice first
  std::vector<std::string> bold_fonts;
  std::vector<Element> elements;
  std::optional<ReportStyle> report;  ///< present when the file has a [report] table
  CertificateStyle certificate;       ///< from the [certificate] table, if any
  std::shared_ptr<const detail::Resources> resources;
};

/// Loads a template; `placeholders` are the names its text may use. Throws DataError with
/// every problem as FILE:LINE:COL, NoInputError when the file does not exist.
Template load_template(const std::string& path, const std::set<std::string>& placeholders);

/// The path of template `name` ("certificate-cpd" or "certificate-cpd.toml") in the first of
/// `dirs` that has it; a name with a '/' is a path. NoInputError listing the folders looked in.
std::string find_template(const std::vector<std::string>& dirs, const std::string& name);

/// The placeholders a progress report template may use in its header, footer and elements.
const std::set<std::string>& progress_placeholders();

}  // namespace balint::pdf
