// Reading a template's elements and its [report] table.
#include "template_elements.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace balint::pdf::detail::elements {
namespace {

Align read_align(Reader& r, const toml::table& t) {
  auto a = r.string(t, "align");
  if (!a || *a == "left") return Align::left;
  if (*a == "center" || *a == "centre") return Align::center;
  if (*a == "right") return Align::right;
  r.error(t.get("align")->source(),
          fmt::format("align must be \"left\", \"center\" or \"right\", not \"{}\"", *a));
  return Align::left;
}

constexpr double kFar = 5000;  // coordinates are points; no page is this large

// Reports an element that starts outside the page; false when it does.
bool check_inside(Reader& r, const toml::table& t, const PageSetup& p, double x, double y) {
  double cw = p.width - p.left - p.right, ch = p.height - p.top - p.bottom;
  if (x >= -p.left && x <= cw + p.right && y >= -p.top && y <= ch + p.bottom) return true;
  r.error(t.source(), fmt::format("the element at ({:g}, {:g}) starts outside the page; x and y "
                                  "are points from the top-left corner inside the margins",
                                  x, y));
  return false;
}

std::optional<PngImage> read_png(const std::string& path, std::string& why) {
  std::optional<std::string> bytes;
  try {
    bytes =
        core::read_input_if_present(path, core::kImageInput);  // a regular file of at most 10 MB
  } catch (const core::Error& e) {
    why = core::refusal_reason(e, path);
    return std::nullopt;
  }
  if (!bytes) {
    why = "not found";
    return std::nullopt;
  }
  const std::string_view sig("\x89PNG\r\n\x1a\n", 8);
  if (bytes->size() < 33 || std::string_view(*bytes).substr(0, 8) != sig ||
      bytes->substr(12, 4) != "IHDR") {
    why = "not a PNG file";
    return std::nullopt;
  }
  auto u32 = [&](std::size_t off) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>((*bytes)[off + k]);
    return v;
  };
  std::uint32_t w = u32(16), h = u32(20);
  auto depth = static_cast<unsigned char>((*bytes)[24]);
  auto interlace = static_cast<unsigned char>((*bytes)[28]);
  if (w == 0 || h == 0 || w > 20000 || h > 20000) {
    why = "its size is out of range";
    return std::nullopt;
  }
  if (depth == 16 || interlace != 0) {
    why = "16-bit and interlaced PNGs are not supported; save it as 8-bit, not interlaced";
    return std::nullopt;
  }
  return PngImage{std::move(*bytes), static_cast<int>(w), static_cast<int>(h)};
}

}  // namespace

TextBox read_text(Reader& r, const toml::table& t, const PageSetup& p) {
  r.check_keys(t,
               {"text", "x", "y", "width", "height", "size", "min_size", "one_line_min_size",
                "max_lines", "line_height", "bold", "align", "color"},
               "[[text]]");
  TextBox b;
  b.place = Reader::place(t);
  if (!t.contains("text")) r.error(t.source(), "[[text]] lacks 'text'");
  b.text = r.text(t, "text").value_or("");
  b.x = r.number(t, "x", -kFar, kFar).value_or(0);
  b.y = r.number(t, "y", -kFar, kFar).value_or(0);
  double cw = p.width - p.left - p.right;
  b.width = r.number(t, "width", 1, kFar).value_or(cw - b.x);
  b.height = r.number(t, "height", 1, kFar).value_or(0);
  b.size = r.number(t, "size", 1, 500).value_or(12);
  b.max_lines = r.integer(t, "max_lines", 1, 1000).value_or(0);
  b.min_size = r.number(t, "min_size", 1, 500).value_or(0);
  b.one_line_min_size = r.number(t, "one_line_min_size", 1, 500).value_or(0);
  b.line_height = r.number(t, "line_height", 0.5, 5).value_or(1.25);
  b.bold = r.boolean(t, "bold").value_or(false);
  b.align = read_align(r, t);
  b.color = r.color(t, "color").value_or(Color{});
  // A box that starts outside the page has no sensible width to report as well.
  if (check_inside(r, t, p, b.x, b.y) && (b.width < 1 || b.x + b.width > cw + p.right + 0.01))
    r.error(t.source(),
            fmt::format("the text box ({:g} wide from x = {:g}) reaches beyond the page", b.width,
                        b.x));
  if (b.min_size > b.size || b.one_line_min_size > b.size)
    r.error(t.source(), "min_size and one_line_min_size must not be larger than size");
  return b;
}

Line read_line(Reader& r, const toml::table& t, const PageSetup& p) {
  r.check_keys(t, {"from", "to", "width", "color"}, "[[line]]");
  Line l;
  l.place = Reader::place(t);
  for (const char* k : {"from", "to"})
    if (!t.contains(k)) r.error(t.source(), fmt::format("[[line]] lacks '{}'", k));
  auto from = r.point(t, "from").value_or(std::make_pair(0.0, 0.0));
  auto to = r.point(t, "to").value_or(from);
  l.x1 = from.first, l.y1 = from.second, l.x2 = to.first, l.y2 = to.second;
  l.width = r.number(t, "width", 0, 100).value_or(1);
  l.color = r.color(t, "color").value_or(Color{});
  check_inside(r, t, p, l.x1, l.y1);
  check_inside(r, t, p, l.x2, l.y2);
  return l;
}

Rect read_rect(Reader& r, const toml::table& t, const PageSetup& p) {
  r.check_keys(t, {"x", "y", "width", "height", "stroke", "stroke_width", "fill"}, "[[rect]]");
  Rect b;
  b.place = Reader::place(t);
  for (const char* k : {"width", "height"})
    if (!t.contains(k)) r.error(t.source(), fmt::format("[[rect]] lacks '{}'", k));
  b.x = r.number(t, "x", -kFar, kFar).value_or(0);
  b.y = r.number(t, "y", -kFar, kFar).value_or(0);
  b.width = r.number(t, "width", 0, kFar).value_or(0);
  b.height = r.number(t, "height", 0, kFar).value_or(0);
  b.stroke = r.color(t, "stroke");
  b.fill = r.color(t, "fill");
  b.stroke_width = r.number(t, "stroke_width", 0, 100).value_or(1);
  if (!b.stroke && !b.fill) b.stroke = Color{};
  check_inside(r, t, p, b.x, b.y);
  return b;
}

Image read_image(Reader& r, const toml::table& t, const PageSetup& p, const std::string& folder,
                 Resources& res) {
  r.check_keys(t, {"file", "x", "y", "width", "height"}, "[[image]]");
  Image im;
  im.place = Reader::place(t);
  im.x = r.number(t, "x", -kFar, kFar).value_or(0);
  im.y = r.number(t, "y", -kFar, kFar).value_or(0);
  im.width = r.number(t, "width", 0, kFar).value_or(0);
  im.height = r.number(t, "height", 0, kFar).value_or(0);
  check_inside(r, t, p, im.x, im.y);
  auto file = r.string(t, "file");
  if (!t.contains("file")) r.error(t.source(), "[[image]] lacks 'file'");
  if (!t.contains("width") && !t.contains("height"))
    r.error(t.source(), "[[image]] needs a width or a height (or both)");
  if (!file) return im;
  if (file->empty()) {
    r.error(t.get("file")->source(), "'file' is empty; name a PNG file");
    return im;
  }
  im.file = (*file)[0] == '/' ? *file : folder + "/" + *file;
  std::string why;
  auto png = read_png(im.file, why);
  if (!png) {
    r.error(t.get("file")->source(), fmt::format("image file '{}': {}", im.file, why));
    return im;
  }
  if (im.width == 0) im.width = im.height * png->width / png->height;
  if (im.height == 0) im.height = im.width * png->height / png->width;
  res.images.push_back(std::move(*png));
  im.index = static_cast<int>(res.images.size()) - 1;
  return im;
}

QrCode read_qr(Reader& r, const toml::table& t, const PageSetup& p) {
  r.check_keys(t, {"data", "x", "y", "size", "color"}, "[[qr]]");
  QrCode q;
  q.place = Reader::place(t);
  if (!t.contains("data")) r.error(t.source(), "[[qr]] lacks 'data'");
  q.data = r.text(t, "data").value_or("");
  q.x = r.number(t, "x", -kFar, kFar).value_or(0);
  q.y = r.number(t, "y", -kFar, kFar).value_or(0);
  q.size = r.number(t, "size", 18, 1000).value_or(72);
  q.color = r.color(t, "color").value_or(Color{});
  check_inside(r, t, p, q.x, q.y);
  return q;
}

ReportStyle read_report(Reader& r, const toml::table& t) {
  r.check_keys(t,
               {"header", "footer", "page_label", "header_height", "footer_height", "title_size",
                "size", "text", "accent", "muted", "met", "not_met", "waived", "not_applicable",
                "bar", "rule", "series"},
               "[report]");
  ReportStyle s;
  s.header = r.text(t, "header").value_or("");
  s.footer = r.text(t, "footer").value_or("");
  s.page_label = r.text(t, "page_label").value_or(s.page_label);
  s.header_height = r.number(t, "header_height", 0, 300).value_or(s.header_height);
  s.footer_height = r.number(t, "footer_height", 0, 300).value_or(s.footer_height);
  s.title_size = r.number(t, "title_size", 4, 72).value_or(s.title_size);
  s.size = r.number(t, "size", 4, 36).value_or(s.size);
  for (auto [key, field] : std::initializer_list<std::pair<const char*, Color ReportStyle::*>>{
           {"text", &ReportStyle::text},
           {"accent", &ReportStyle::accent},
           {"muted", &ReportStyle::muted},
           {"met", &ReportStyle::met},
           {"not_met", &ReportStyle::not_met},
           {"waived", &ReportStyle::waived},
           {"not_applicable", &ReportStyle::not_applicable},
           {"bar", &ReportStyle::bar},
           {"rule", &ReportStyle::rule}})
    if (auto c = r.color(t, key)) s.*field = *c;
  s.series = r.colors(t, "series");
  return s;
}

}  // namespace balint::pdf::detail::elements
