// Reading templates: the page, the fonts, the elements; every problem gathered.
#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "balint/core/error.hpp"
#include "balint/pdf/template.hpp"
#include "resources.hpp"
#include "template_read.hpp"

#ifndef BALINT_FONT_DIR
#define BALINT_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace balint::pdf {
namespace {

using detail::Reader;

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::optional<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Loads each font file once; indices into Resources::fonts.
class FontLoader {
 public:
  FontLoader(Reader& r, detail::Resources& res, std::string dir)
      : r_(r), res_(res), dir_(std::move(dir)) {}

  std::vector<int> chain(const std::vector<std::pair<std::string, toml::source_region>>& files,
                         std::vector<std::string>& paths) {
    std::vector<int> out;
    for (const auto& [file, at] : files) {
      std::vector<std::string> tried;
      if (!file.empty() && file[0] == '/')
        tried.push_back(file);
      else
        tried = {dir_ + "/" + file, std::string(BALINT_FONT_DIR) + "/" + file};
      auto found = std::find_if(tried.begin(), tried.end(), is_file);
      if (found == tried.end()) {
        r_.error(at, fmt::format("font file '{}' not found (looked for {})", file,
                                 fmt::to_string(fmt::join(tried, ", "))));
        continue;
      }
      if (int i = load(*found, at); i >= 0) {
        out.push_back(i);
        paths.push_back(*found);
      }
    }
    return out;
  }

 private:
  int load(const std::string& path, const toml::source_region& at) {
    if (auto it = loaded_.find(path); it != loaded_.end()) return it->second;
    try {
      res_.fonts.push_back(detail::TrueType::load(path));
    } catch (const core::Error& e) {
      r_.error(at, e.what());
      return -1;
    }
    int i = static_cast<int>(res_.fonts.size()) - 1;
    loaded_[path] = i;
    return i;
  }

  Reader& r_;
  detail::Resources& res_;
  std::string dir_;
  std::map<std::string, int> loaded_;
};

void read_page(Reader& r, const toml::table& root, PageSetup& page) {
  const toml::table* t = r.table(root, "page");
  if (!t) return;
  r.check_keys(*t, {"size", "orientation", "margin"}, "[page]");
  if (auto size = r.string(*t, "size")) {
    std::string s = *size;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "a4") {
      page.width = 595.276;
      page.height = 841.89;
    } else if (s == "letter" || s == "us letter") {
      page.width = 612;
      page.height = 792;
    } else {
      r.error(t->get("size")->source(),
              fmt::format("unknown page size \"{}\": use \"A4\" or \"Letter\"", *size));
    }
  }
  if (auto o = r.string(*t, "orientation")) {
    if (*o == "landscape")
      std::swap(page.width, page.height);
    else if (*o != "portrait")
      r.error(t->get("orientation")->source(),
              fmt::format("orientation must be \"portrait\" or \"landscape\", not \"{}\"", *o));
  }
  if (const toml::node* m = t->get("margin")) {
    std::vector<double> v;
    if (m->is_integer() || m->is_floating_point()) {
      v.assign(4, m->value<double>().value_or(0));
    } else if (const toml::array* a = m->as_array(); a && a->size() == 4) {
      for (const toml::node& e : *a)
        if (auto d = e.value<double>(); d && (e.is_integer() || e.is_floating_point()))
          v.push_back(*d);
    }
    if (v.size() != 4 || *std::min_element(v.begin(), v.end()) < 0) {
      r.error(m->source(), "margin must be a number of points, or [top, right, bottom, left]");
    } else {
      page.top = v[0], page.right = v[1], page.bottom = v[2], page.left = v[3];
    }
  }
  if (page.left + page.right >= page.width || page.top + page.bottom >= page.height)
    r.error(t->source(), "the margins leave no room on the page");
}

void read_fonts(Reader& r, const toml::table& root, Template& t, detail::Resources& res) {
  FontLoader loader(r, res, folder_of(t.path));
  const toml::table* f = r.table(root, "fonts");
  if (f) r.check_keys(*f, {"regular", "bold"}, "[fonts]");
  using Strings = std::vector<std::pair<std::string, toml::source_region>>;
  Strings regular = f ? r.strings(*f, "regular") : Strings{};
  Strings bold = f ? r.strings(*f, "bold") : Strings{};
  toml::source_region nowhere{};
  nowhere.begin = {1, 1};
  if (regular.empty()) {
    regular = {{"DejaVuSans.ttf", f ? f->source() : nowhere}};
    if (bold.empty()) bold = {{"DejaVuSans-Bold.ttf", f ? f->source() : nowhere}};
  }
  res.regular = loader.chain(regular, t.regular_fonts);
  if (bold.empty()) {
    res.bold = res.regular;
    t.bold_fonts = t.regular_fonts;
  } else {
    res.bold = loader.chain(bold, t.bold_fonts);
  }
}

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

// Reports an element that starts outside the page.
void check_inside(Reader& r, const toml::table& t, const PageSetup& p, double x, double y) {
  double cw = p.width - p.left - p.right, ch = p.height - p.top - p.bottom;
  if (x < -p.left || x > cw + p.right || y < -p.top || y > ch + p.bottom)
    r.error(t.source(), fmt::format("the element at ({}, {}) starts outside the page; x and y "
                                    "are points from the top-left corner inside the margins",
                                    x, y));
}

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
  check_inside(r, t, p, b.x, b.y);
  if (b.width < 1 || b.x + b.width > cw + p.right + 0.01)
    r.error(t.source(), fmt::format("the text box ({} wide from x = {}) reaches beyond the page",
                                    b.width, b.x));
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

std::optional<detail::PngImage> read_png(const std::string& path, std::string& why) {
  auto bytes = read_all(path);
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
  return detail::PngImage{std::move(*bytes), static_cast<int>(w), static_cast<int>(h)};
}

Image read_image(Reader& r, const toml::table& t, const PageSetup& p, Template& tpl,
                 detail::Resources& res) {
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
  im.file = (*file)[0] == '/' ? *file : folder_of(tpl.path) + "/" + *file;
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
  for (auto [key, field] :
       std::initializer_list<std::pair<const char*, Color ReportStyle::*>>{
           {"text", &ReportStyle::text},       {"accent", &ReportStyle::accent},
           {"muted", &ReportStyle::muted},     {"met", &ReportStyle::met},
           {"not_met", &ReportStyle::not_met}, {"waived", &ReportStyle::waived},
           {"not_applicable", &ReportStyle::not_applicable},
           {"bar", &ReportStyle::bar},         {"rule", &ReportStyle::rule}})
    if (auto c = r.color(t, key)) s.*field = *c;
  s.series = r.colors(t, "series");
  return s;
}

// Every element, in the order written in the file.
void read_elements(Reader& r, const toml::table& root, Template& t, detail::Resources& res) {
  std::vector<std::pair<Place, Element>> all;
  for (const toml::table* e : r.tables(root, "text"))
    all.emplace_back(Reader::place(*e), read_text(r, *e, t.page));
  for (const toml::table* e : r.tables(root, "line"))
    all.emplace_back(Reader::place(*e), read_line(r, *e, t.page));
  for (const toml::table* e : r.tables(root, "rect"))
    all.emplace_back(Reader::place(*e), read_rect(r, *e, t.page));
  for (const toml::table* e : r.tables(root, "image"))
    all.emplace_back(Reader::place(*e), read_image(r, *e, t.page, t, res));
  for (const toml::table* e : r.tables(root, "qr"))
    all.emplace_back(Reader::place(*e), read_qr(r, *e, t.page));
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first.line != b.first.line ? a.first.line < b.first.line
                                        : a.first.col < b.first.col;
  });
  for (auto& [place, e] : all) t.elements.push_back(std::move(e));
}

}  // namespace

Template load_template(const std::string& path, const std::set<std::string>& placeholders) {
  auto text = read_all(path);
  if (!text || !is_file(path)) throw core::NoInputError(fmt::format("{}: no such template", path));
  Template t;
  t.path = path;
  auto res = std::make_shared<detail::Resources>();
  Reader r(path, *text, placeholders);
  try {
    toml::table root = toml::parse(*text, path);
    r.check_keys(root, {"page", "fonts", "text", "line", "rect", "image", "qr", "report"},
                 "the template");
    read_page(r, root, t.page);
    read_fonts(r, root, t, *res);
    read_elements(r, root, t, *res);
    if (const toml::table* rep = r.table(root, "report")) t.report = read_report(r, *rep);
  } catch (const toml::parse_error& e) {
    r.error(e.source(), fmt::format("TOML syntax: {}", e.description()));
  }
  if (auto diags = r.sorted(); !diags.empty()) throw core::DataError(diags);
  t.resources = std::move(res);
  return t;
}

std::string find_template(const std::vector<std::string>& dirs, const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (is_file(name)) return name;
    throw core::NoInputError(fmt::format("{}: no such template", name));
  }
  std::string file = name.size() > 5 && name.substr(name.size() - 5) == ".toml" ? name
                                                                                 : name + ".toml";
  for (const auto& d : dirs)
    if (is_file(d + "/" + file)) return d + "/" + file;
  throw core::NoInputError(fmt::format("template '{}' not found in {}", file,
                                       dirs.empty() ? std::string("(no folders)")
                                                    : fmt::to_string(fmt::join(dirs, ", "))));
}

const std::set<std::string>& certificate_placeholders() {
  static const std::set<std::string> names{
      "name",   "registration", "title",  "body",   "edition", "ruleset", "from",
      "to",     "period",       "hours",  "credits", "issued", "serial",  "code",
      "verify_payload", "verify_url", "signatory", "signatory_role"};
  return names;
}

const std::set<std::string>& progress_placeholders() {
  static const std::set<std::string> names{"person_id", "person_name", "ruleset_id", "title",
                                           "edition",   "body",        "as_of",      "page",
                                           "pages"};
  return names;
}

}  // namespace balint::pdf
