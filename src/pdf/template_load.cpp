// Reading templates: the page, the fonts, the elements; every problem gathered.
#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "balint/core/error.hpp"
#include "balint/pdf/template.hpp"
#include "resources.hpp"
#include "template_elements.hpp"
#include "template_read.hpp"

#ifndef BALINT_FONT_DIR
#define BALINT_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace balint::pdf {
namespace {

using detail::Reader;
using namespace detail::elements;

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
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
    // NaN compares false with everything, so test each margin for a finite, non-negative value.
    bool sound = v.size() == 4 && std::all_of(v.begin(), v.end(), [](double d) {
                   return std::isfinite(d) && d >= 0;
                 });
    if (!sound) {
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
    all.emplace_back(Reader::place(*e), read_image(r, *e, t.page, folder_of(t.path), res));
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
  auto text = detail::read_all(path);
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
