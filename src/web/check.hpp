#pragma once
// Private to web: what `balint serve` checks before it serves (and `serve --check` reports).
#include <map>
#include <string>
#include <vector>

#include "balint/store/ledger.hpp"
#include "web.hpp"

namespace balint::web {

/// The templates the server renders by name (templates/web/NAME.mustache, and the style sheet).
extern const std::vector<std::string> kRequiredTemplates;

/// What is wrong with the Mustache text `text` of template `name`, one message each: a tag not
/// closed by `}}`, a section closed by another name or never closed, a closing tag without a
/// section, a partial `{{> p}}` that `templates` lacks. mstch renders such text without a
/// word (a section never closed swallows the rest of the page), so it is checked first.
std::vector<std::string> template_problems(const std::string& name, const std::string& text,
                                           const std::map<std::string, std::string>& templates);

/// Every problem of a set of templates: those above for each, and each required one missing.
std::vector<std::string> templates_problems(const std::map<std::string, std::string>& templates);
/// DataError listing templates_problems, if any.
void refuse_broken_templates(const std::map<std::string, std::string>& templates);

/// Every problem of the templates as translated into each language (templates_by_language): a
/// translation that brings a tag in or leaves one out, or those of template_problems, named
/// "web/NAME.mustache (CODE)". English's are those of the templates themselves.
std::vector<std::string> translations_problems(const std::map<std::string, Templates>& by_language);
/// DataError listing translations_problems, if any.
void refuse_broken_translations(const std::map<std::string, Templates>& by_language);

/// `serve --check`'s report on standard output, after what `env` loaded: the listen address,
/// templates, rule sets, the ledger's quick_check and issuer keys. DataError listing every
/// problem of the ledger. Returns the exit code (0).
int check_and_report(const Env& env, const store::Ledger& ledger);

}  // namespace balint::web
