// What `balint serve` checks of its templates before serving.
#include "check.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace balint::web {

const std::vector<std::string> kRequiredTemplates = {"layout", "dashboard", "error", "groups", "invite",
                                                     "log",    "login",     "verify", "style.css"};

namespace {

std::string trimmed(std::string s) {
  auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  while (!s.empty() && blank(s.front())) s.erase(0, 1);
  while (!s.empty() && blank(s.back())) s.pop_back();
  return s;
}

int line_at(const std::string& text, std::size_t at) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

std::vector<std::string> template_problems(const std::string& name, const std::string& text,
                                           const std::map<std::string, std::string>& templates) {
  std::vector<std::string> out;
  struct Open {
    std::string name;
    int line;
  };
  std::vector<Open> open;
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at)) {
    const int line = line_at(text, at);
    const bool triple = text.compare(at, 3, "{{{") == 0;
    const std::string close = triple ? "}}}" : "}}";
    const std::size_t end = text.find(close, at + close.size());
    if (end == std::string::npos) {
      out.push_back(fmt::format("{}:{}: a tag opened with '{}' is never closed with '{}'", name, line,
                                triple ? "{{{" : "{{", close));
      break;
    }
    std::string tag = text.substr(at + close.size(), end - at - close.size());
    at = end + close.size();
    if (triple || tag.empty()) continue;
    const char kind = tag.front();
    std::string what = trimmed(tag.substr(1));
    if (kind == '#' || kind == '^') {
      open.push_back({what, line});
    } else if (kind == '/') {
      if (open.empty()) {
        out.push_back(fmt::format("{}:{}: '{{{{/{}}}}}' closes a section that was never opened", name, line, what));
      } else if (open.back().name != what) {
        out.push_back(fmt::format("{}:{}: '{{{{/{}}}}}' closes the section '{}' opened on line {}", name, line,
                                  what, open.back().name, open.back().line));
        open.pop_back();
      } else {
        open.pop_back();
      }
    } else if (kind == '>') {
      if (!templates.count(what))
        out.push_back(fmt::format("{}:{}: the partial '{}' is not a template", name, line, what));
    } else if (kind == '=') {
      out.push_back(fmt::format("{}:{}: changing the delimiters is not supported here", name, line));
    }
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it)
    out.push_back(fmt::format("{}:{}: the section '{}' is never closed", name, it->line, it->name));
  return out;
}

std::vector<std::string> templates_problems(const std::map<std::string, std::string>& templates) {
  std::vector<std::string> out;
  for (const auto& required : kRequiredTemplates)
    if (!templates.count(required))
      out.push_back(fmt::format("web/{} is missing", required.find('.') == std::string::npos
                                                         ? required + ".mustache" : required));
  for (const auto& [name, text] : templates) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".css") == 0) continue;
    auto found = template_problems("web/" + name + ".mustache", text, templates);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace balint::web
