// Escaping, and pages laid out from the Mustache templates in templates/web/.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "web.hpp"

namespace balint::web {
namespace {

// The code point at s[i] (valid UTF-8 assumed; a bad byte reads as itself), and its length.
std::pair<char32_t, std::size_t> code_point(const std::string& s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) & 0x3f : 0;
  };
  if (b < 0x80) return {b, 1};
  if ((b & 0xe0) == 0xc0) return {((b & 0x1f) << 6) | cont(1), 2};
  if ((b & 0xf0) == 0xe0) return {((b & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3};
  if ((b & 0xf8) == 0xf0)
    return {((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
  return {b, 1};
}

bool shown_as_code(char32_t c) {
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
}

// Printable ASCII that escape_html copies as it is.
bool plain_ascii(unsigned char b) {
  return b >= 0x20 && b < 0x7f && b != '&' && b != '<' && b != '>' && b != '"' && b != '\'' &&
         b != '`' && b != '=';
}

}  // namespace

std::string escape_html(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size();) {
    // A run of printable ASCII that needs no escaping is copied at once.
    std::size_t run = i;
    while (run < s.size() && plain_ascii(static_cast<unsigned char>(s[run]))) ++run;
    if (run > i) {
      out.append(s, i, run - i);
      i = run;
      continue;
    }
    auto [c, n] = code_point(s, i);
    if (c == '\n' || c == '\t') {
      out += static_cast<char>(c);
    } else if (shown_as_code(c)) {
      out += fmt::format("\u27e8U+{:04X}\u27e9", static_cast<unsigned>(c));
    } else {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '`': out += "&#96;"; break;
        case '=': out += "&#61;"; break;
        default: out.append(s, i, n);
      }
    }
    i += n;
  }
  return out;
}

std::string translate_sections(const std::string& text) {
  static constexpr std::string_view open = "{{#t}}", close = "{{/t}}";
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (;;) {
    const std::size_t start = text.find(open, at);
    if (start == std::string::npos) break;
    const std::size_t end = text.find(close, start + open.size());
    if (end == std::string::npos)
      throw core::InternalError("a web template's {{#t}} has no {{/t}}");
    out.append(text, at, start - at);
    out += tr(text.substr(start + open.size(), end - start - open.size()).c_str());
    at = end + close.size();
  }
  out.append(text, at, std::string::npos);
  return out;
}

std::map<std::string, std::string> partials_of(
    const std::map<std::string, std::string>& templates) {
  std::map<std::string, std::string> out;
  for (const auto& [name, text] : templates) {
    for (auto at = text.find("{{>"); at != std::string::npos; at = text.find("{{>", at + 3)) {
      auto end = text.find("}}", at);
      if (end == std::string::npos) break;
      std::string used = text.substr(at + 3, end - at - 3);
      while (!used.empty() && used.front() == ' ') used.erase(0, 1);
      while (!used.empty() && used.back() == ' ') used.pop_back();
      if (auto t = templates.find(used); t != templates.end()) out.insert(*t);
    }
  }
  return out;
}

std::map<std::string, Templates> templates_by_language(
    const std::map<std::string, std::string>& templates, const Languages& languages) {
  std::map<std::string, Templates> out;
  for (const auto& l : kLanguages) {
    const std::string code(l.code);
    const LanguageScope scope(languages, code);  // tr() below answers in `code`
    Templates& in = out[code];
    for (const auto& [name, text] : templates) {
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".css") == 0) continue;
      in.pages[name] = translate_sections(text);
    }
    in.partials = partials_of(in.pages);
  }
  return out;
}

std::string render_page(const Call& c, const std::string& name, const std::string& title,
                        mstch::map data) {
  // The templates in the page's language (that of this thread's LanguageScope, c.lang's), whose
  // {{#t}} sections were translated once at start (templates_by_language).
  const std::string& in_language = current_language();
  auto set = c.env.by_language.find(in_language);
  if (set == c.env.by_language.end()) set = c.env.by_language.find("en");
  if (set == c.env.by_language.end())
    throw core::InternalError("no web templates for " + in_language);
  const Templates& in = set->second;
  auto text = in.pages.find(name);
  if (text == in.pages.end()) throw core::InternalError("no web template " + name);
  // {{#t}}English text{{/t}}: the text through gettext, then rendered with the page's data.
  // The lambda stays for a {{#t}} that page data might bring in.
  data["t"] = mstch::lambda{[](const std::string& s) -> mstch::node { return tr(s.c_str()); }};
  // The layout reads only these (and the page's title and content): it is given them alone,
  // not a copy of everything the page was made from.
  mstch::map frame{{"t", data["t"]}};
  if (c.who) {
    frame["user"] = c.who->account.person;
    frame["csrf"] = c.who->csrf;
    frame["is_leader"] = c.who->account.role == store::AccountRole::leader ||
                         c.who->account.role == store::AccountRole::secretary;
    frame["may_log"] = c.who->account.role != store::AccountRole::auditor;
    frame["is_office"] = c.who->account.role == store::AccountRole::secretary ||
                         c.who->account.role == store::AccountRole::auditor;
    frame["is_secretary"] = c.who->account.role == store::AccountRole::secretary;
    for (const char* key : {"user", "csrf", "is_leader", "may_log", "is_office", "is_secretary"})
      data[key] = frame[key];
  }
  // Moved into the node mstch renders from (a map passed as it is would be copied whole).
  const mstch::node root(std::move(data));
  frame["content"] = mstch::render(text->second, root, in.partials);
  frame["title"] = title;
  frame["lang"] = in_language;
  mstch::array languages;
  for (const auto& l : kLanguages)
    languages.push_back(mstch::map{{"code", std::string(l.code)},
                                   {"name", std::string(l.name)},
                                   {"current", l.code == in_language}});
  frame["languages"] = std::move(languages);
  return mstch::render(in.pages.at("layout"), mstch::node(std::move(frame)));
}

void send_page(Call& c, const std::string& name, const std::string& title, mstch::map data,
               int status) {
  c.res.status = status;
  c.res.set_content(render_page(c, name, title, std::move(data)), "text/html; charset=utf-8");
}

}  // namespace balint::web
