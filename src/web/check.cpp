// What `balint serve` checks before serving, and `serve --check`'s report. Console text, in
// English like the command line's (scripts/pot.py leaves this file out).
#include "check.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <iterator>

#include "balint/cert/keys.hpp"
#include "balint/core/error.hpp"
#include "balint/store/certificates.hpp"

namespace balint::web {

const std::vector<std::string> kRequiredTemplates = {"layout",   "dashboard", "error", "groups",
                                                     "invite",   "log",       "login", "verify",
                                                     "register", "activity",  "issue", "style.css"};

namespace {

std::string trimmed(std::string s) {
  auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  while (!s.empty() && blank(s.front())) s.erase(0, 1);
  while (!s.empty() && blank(s.back())) s.pop_back();
  return s;
}

// The tags of a template ("{{name}}", "{{#t}}" ...), sorted: a translation changes their order
// at most.
std::vector<std::string> tags_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    const std::size_t end = text.find("}}", at + 2);
    if (end == std::string::npos) break;
    out.push_back(text.substr(at, end + 2 - at));
    at = end;
  }
  std::sort(out.begin(), out.end());
  return out;
}

int line_at(const std::string& text, std::size_t at) {
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
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
      out.push_back(fmt::format("{}:{}: a tag opened with '{}' is never closed with '{}'", name,
                                line, triple ? "{{{" : "{{", close));
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
        out.push_back(fmt::format("{}:{}: '{{{{/{}}}}}' closes a section that was never opened",
                                  name, line, what));
      } else if (open.back().name != what) {
        out.push_back(fmt::format("{}:{}: '{{{{/{}}}}}' closes the section '{}' opened on line {}",
                                  name, line, what, open.back().name, open.back().line));
        open.pop_back();
      } else {
        open.pop_back();
      }
    } else if (kind == '>') {
      if (!templates.count(what))
        out.push_back(fmt::format("{}:{}: the partial '{}' is not a template", name, line, what));
    } else if (kind == '=') {
      out.push_back(
          fmt::format("{}:{}: changing the delimiters is not supported here", name, line));
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
                                                         ? required + ".mustache"
                                                         : required));
  for (const auto& [name, text] : templates) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".css") == 0) continue;
    auto found = template_problems("web/" + name + ".mustache", text, templates);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void refuse_broken_templates(const std::map<std::string, std::string>& templates) {
  if (auto problems = templates_problems(templates); !problems.empty()) {
    problems.insert(problems.begin(), "the web templates have mistakes:");
    throw core::Error(core::Exit::data, problems);
  }
}

std::vector<std::string> translations_problems(
    const std::map<std::string, Templates>& by_language) {
  std::vector<std::string> out;
  const auto english = by_language.find("en");
  for (const auto& [code, in] : by_language) {
    if (code == "en") continue;
    for (const auto& [name, text] : in.pages) {
      const std::string shown = fmt::format("web/{}.mustache ({})", name, code);
      auto found = template_problems(shown, text, in.pages);
      out.insert(out.end(), found.begin(), found.end());
      if (english == by_language.end()) continue;
      const auto original = english->second.pages.find(name);
      if (original == english->second.pages.end()) continue;
      const auto want = tags_of(original->second), got = tags_of(text);
      std::vector<std::string> brought, lost;
      std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                          std::back_inserter(brought));
      std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                          std::back_inserter(lost));
      for (const auto& tag : brought)
        out.push_back(fmt::format("{}: the translation brings in '{}', which the English has not",
                                  shown, tag));
      for (const auto& tag : lost)
        out.push_back(fmt::format("{}: the translation leaves out the English's '{}'", shown, tag));
    }
  }
  return out;
}

void refuse_broken_translations(const std::map<std::string, Templates>& by_language) {
  if (auto problems = translations_problems(by_language); !problems.empty()) {
    problems.insert(problems.begin(),
                    "the web templates' translations have mistakes (po/CODE.po):");
    throw core::Error(core::Exit::data, problems);
  }
}

// `serve --check`: what was loaded above, and the ledger's file and issuer keys, each on a line;
// DataError listing every problem.
int check_and_report(const Env& env, const store::Ledger& ledger) {
  const auto& o = env.options;
  std::vector<std::string> problems;
  for (const auto& p : ledger.quick_check())
    problems.push_back(fmt::format("{}: {}", o.db_path, p));
  std::size_t keys = 0;
  for (const auto& k : store::CertificateRegister(ledger).issuer_keys()) {
    ++keys;
    if (!cert::parse_public_key(k.public_key))
      problems.push_back(fmt::format("{}: issuer key {} is not a public key", o.db_path, k.id));
  }
  if (!problems.empty()) {
    problems.insert(problems.begin(), "balint serve --check: the ledger has problems:");
    throw core::Error(core::Exit::data, problems);
  }
  std::cout << fmt::format(
      "listen       {}{}\n"
      "templates    {} in {} languages (no mistake found)\n"
      "rule sets    {}\n"
      "ledger       {} (schema {}, quick_check ok)\n"
      "issuer keys  {}{}\n"
      "balint serve --check: all fine\n",
      o.listen,
      env.tls          ? " (TLS: certificate and key load)"
      : o.behind_proxy ? " (behind a proxy)"
                       : "",
      env.templates.size(), env.by_language.size(), env.catalogue.all().size(), o.db_path,
      ledger.schema_version(), keys,
      keys == 0 ? " (none yet: /verify will find no certificate; 'balint keys init')" : "");
  return 0;
}

}  // namespace balint::web
