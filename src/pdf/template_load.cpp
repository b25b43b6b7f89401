// Reading templates: the page, the fonts, the elements; every problem gathered.
#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>

#include <algorithm>
#include <cmath>
#include <map>

#include "balint/core/error.hpp"
#include "balint/core/path.hpp"
#include "balint/core/text.hpp"
#include "balint/pdf/template.hpp"
#include "engine.hpp"
#include "resources.hpp"
#include "template_elements.hpp"
#include "template_read.hpp"

namespace balint::pdf {
namespace {

using detail::Reader;
using namespace detail::elements;

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_font_file(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* ext : {".ttf", ".otf", ".ttc", ".otc"})
    if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ext) == 0) return true;
  return name.find('/') != std::string::npos;
}

using Names = std::vector<std::pair<std::string, toml::source_region>>;

// The font files a template names, resolved against its folder; each problem reported.
std::vector<std::string> font_files(Reader& r, const std::vector<const Names*>& lists,
                                    const std::string& folder,
                                    std::map<std::string, std::string>& paths) {
  std::vector<std::string> files;
  for (const Names* list : lists)
    for (const auto& [name, at] : *list) {
      if (!is_font_file(name) || paths.count(name)) continue;
      std::string path = !name.empty() && name[0] == '/' ? name : folder + "/" + name;
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) {
        r.error(at, fmt::format("font file '{}' not found (looked for {})", name, path));
        continue;
      }
      // fontconfig opens it by name: checked here to be a regular file of at most 50 MB.
      try {
        core::check_input(path, core::kFontInput);
      } catch (const core::Error& e) {
        r.error(at, fmt::format("font file '{}': {}", name, core::refusal_reason(e, path)));
        continue;
      }
      paths[name] = path;
      files.push_back(path);
    }
  return files;
}

// "Noto Serif,Noto Sans": the families of a list, files replaced by their family.
std::string families(Reader& r, const Names& list, const detail::TextEngine& engine,
                     const std::map<std::string, std::string>& paths,
                     std::vector<std::string>& shown) {
  std::string out;
  for (const auto& [name, at] : list) {
    std::string family = name;
    if (is_font_file(name)) {
      auto path = paths.find(name);
      if (path == paths.end()) continue;  // not found, reported
      family = engine.family_of(path->second);
      if (family.empty()) {
        r.error(at, fmt::format("font file '{}' is not a font fontconfig can read", name));
        continue;
      }
      shown.push_back(path->second);
    } else if (!engine.has_family(name)) {
      r.error(at, fmt::format("font family '{}' is not installed{}", name,
                              core::did_you_mean(name, engine.families())));
      continue;
    } else {
      shown.push_back(name);
    }
    out += (out.empty() ? "" : ",") + family;
  }
  return out;
}

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
    // NaN compares false with everything, so test each margin for a finite, non-negative value.
    bool sound = v.size() == 4 && std::all_of(v.begin(), v.end(),
                                              [](double d) { return std::isfinite(d) && d >= 0; });
    if (!sound) {
      r.error(m->source(), "margin must be a number of points, or [top, right, bottom, left]");
    } else {
      page.top = v[0], page.right = v[1], page.bottom = v[2], page.left = v[3];
    }
  }
  if (page.left + page.right >= page.width || page.top + page.bottom >= page.height)
    r.error(t->source(), "the margins leave no room on the page");
}

// Fonts are fontconfig families ("Noto Serif") or font files, first choice first; Pango falls
// back to any installed font after them.
void read_fonts(Reader& r, const toml::table& root, Template& t, detail::Resources& res) {
  const toml::table* f = r.table(root, "fonts");
  if (f) r.check_keys(*f, {"regular", "bold"}, "[fonts]");
  Names regular = f ? r.strings(*f, "regular") : Names{};
  Names bold = f ? r.strings(*f, "bold") : Names{};
  toml::source_region nowhere{};
  nowhere.begin = {1, 1};
  if (regular.empty()) regular = {{"Noto Sans", f ? f->source() : nowhere}};
  std::map<std::string, std::string> paths;
  auto engine = std::make_shared<detail::TextEngine>(
      font_files(r, {&regular, &bold}, core::folder_of(t.path), paths));
  std::string reg = families(r, regular, *engine, paths, t.regular_fonts);
  std::string bol = bold.empty() ? reg : families(r, bold, *engine, paths, t.bold_fonts);
  if (bold.empty()) t.bold_fonts = t.regular_fonts;
  res.faces = {detail::Face{reg.empty() ? "Noto Sans" : reg, false},
               detail::Face{bol.empty() ? "Noto Sans" : bol, true}};
  res.engine = std::move(engine);
}

void read_certificate(Reader& r, const toml::table& t, CertificateStyle& c) {
  r.check_keys(t, {"issuer", "registration_attribute", "registration_label"}, "[certificate]");
  c.issuer = r.string(t, "issuer").value_or("");
  c.registration_attribute =
      r.string(t, "registration_attribute").value_or(c.registration_attribute);
  c.registration_label = r.string(t, "registration_label").value_or(c.registration_label);
  if (!c.registration_attribute.empty() && !core::valid_handle(c.registration_attribute))
    r.error(t.get("registration_attribute")->source(),
            "registration_attribute must be an attribute key ([a-z0-9._-]+)");
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
    all.emplace_back(Reader::place(*e), read_image(r, *e, t.page, core::folder_of(t.path), res));
  for (const toml::table* e : r.tables(root, "qr"))
    all.emplace_back(Reader::place(*e), read_qr(r, *e, t.page));
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first.line != b.first.line ? a.first.line < b.first.line : a.first.col < b.first.col;
  });
  for (auto& [place, e] : all) t.elements.push_back(std::move(e));
}

}  // namespace

Template load_template(const std::string& path, const std::set<std::string>& placeholders) {
  auto text = core::read_input_if_present(path, core::kTemplateInput);  // at most 1 MB
  if (!text) throw core::NoInputError(fmt::format("{}: no such template", path));
  Template t;
  t.path = path;
  auto res = std::make_shared<detail::Resources>();
  Reader r(path, *text, placeholders);
  try {
    toml::table root = toml::parse(*text, path);
    r.check_keys(root,
                 {"page", "fonts", "text", "line", "rect", "image", "qr", "report", "certificate"},
                 "the template");
    read_page(r, root, t.page);
    read_fonts(r, root, t, *res);
    read_elements(r, root, t, *res);
    if (const toml::table* rep = r.table(root, "report")) t.report = read_report(r, *rep);
    if (const toml::table* c = r.table(root, "certificate")) read_certificate(r, *c, t.certificate);
  } catch (const toml::parse_error& e) {
    r.error(e.source(), fmt::format("TOML syntax: {}", e.description()));
  }
  if (auto diags = r.sorted(); !diags.empty()) throw core::DataError(diags);
  t.resources = std::move(res);
  return t;
}

std::string find_template(const std::vector<std::string>& dirs, const std::string& name) {
  if (name.find('/') != std::string::npos) {
    // Anything there is returned: load_template refuses what is not a regular file by name.
    struct stat st {};
    if (::stat(name.c_str(), &st) == 0) return name;
    throw core::NoInputError(fmt::format("{}: no such template", name));
  }
  std::string file =
      name.size() > 5 && name.substr(name.size() - 5) == ".toml" ? name : name + ".toml";
  for (const auto& d : dirs)
    if (is_file(d + "/" + file)) return d + "/" + file;
  throw core::NoInputError(fmt::format(
      "template '{}' not found in {}", file,
      dirs.empty() ? std::string("(no folders)") : fmt::to_string(fmt::join(dirs, ", "))));
}

const std::set<std::string>& progress_placeholders() {
  static const std::set<std::string> names{"person_id", "person_name", "ruleset_id",
                                           "title",     "edition",     "body",
                                           "as_of",     "page",        "pages"};
  return names;
}

}  // namespace balint::pdf
