// Escaping, gettext, and pages laid out from the Mustache templates in templates/web/.
#include <fmt/core.h>
#include <libintl.h>

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
  if ((b & 0xf8) == 0xf0) return {((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
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

std::string tr(const char* msgid) { return dgettext("balint", msgid); }

std::string translate_sections(const std::string& text) {
  static constexpr std::string_view open = "{{#t}}", close = "{{/t}}";
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (;;) {
    const std::size_t start = text.find(open, at);
    if (start == std::string::npos) break;
    const std::size_t end = text.find(close, start + open.size());
    if (end == std::string::npos) throw core::InternalError("a web template's {{#t}} has no {{/t}}");
    out.append(text, at, start - at);
    out += tr(text.substr(start + open.size(), end - start - open.size()).c_str());
    at = end + close.size();
  }
  out.append(text, at, std::string::npos);
  return out;
}

std::string render_page(const Call& c, const std::string& name, const std::string& title,
                        mstch::map data) {
  auto text = c.env.templates.find(name);
  if (text == c.env.templates.end()) throw core::InternalError("no web template " + name);
  // {{#t}}English text{{/t}}: the text through gettext, then rendered with the page's data.
  // The templates served have these sections translated already (translate_sections, once at
  // start); the lambda stays for a {{#t}} that page data might bring in.
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
    for (const char* key : {"user", "csrf", "is_leader", "may_log", "is_office", "is_secretary"}) data[key] = frame[key];
  }
  // Moved into the node mstch renders from (a map passed as it is would be copied whole).
  const mstch::node root(std::move(data));
  frame["content"] = mstch::render(text->second, root, c.env.partials);
  frame["title"] = title;
  return mstch::render(c.env.templates.at("layout"), mstch::node(std::move(frame)));
}

void send_page(Call& c, const std::string& name, const std::string& title, mstch::map data,
               int status) {
  c.res.status = status;
  c.res.set_content(render_page(c, name, title, std::move(data)), "text/html; charset=utf-8");
}

}  // namespace balint::web
