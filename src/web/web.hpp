#pragma once
// Private to web: what every handler is given, and the handlers.
#include <httplib.h>
#include <mstch/mstch.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "authz.hpp"
#include "page_cache.hpp"
#include "pool.hpp"
#include "balint/core/date.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/service/server_options.hpp"
#include "balint/store/ledger.hpp"
#include "language.hpp"
#include "session.hpp"

namespace balint::web {

/// Requests a second per address, for /verify: at most `per_minute` in each minute.
class RateLimit {
 public:
  explicit RateLimit(int per_minute) : per_minute_(per_minute) {}
  bool allow(const std::string& addr, std::int64_t now);

 private:
  int per_minute_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::int64_t, int>> windows_;  // addr -> (minute, count)
};

/// The dashboards kept (about 45 KB each; the page with every entry or the full report is
/// larger): at most so many, and so many bytes.
constexpr std::size_t kCachedDashboards = 512;
constexpr std::size_t kCachedDashboardBytes = 64 << 20;

/// The web templates in one language, their `{{#t}}` sections translated (translate_sections).
struct Templates {
  std::map<std::string, std::string> pages;  ///< name -> Mustache text
  /// The templates that some template includes ({{> name}}): mstch parses every partial it is
  /// given on every render, so a page is given these, not all of `pages`.
  std::map<std::string, std::string> partials;
};

/// Shared by every request; read-only once serving (but for the pool, the limiter and the
/// dashboard cache, each safe to share between threads).
struct Env {
  service::ServerOptions options;
  rules::Catalogue catalogue;
  /// name -> text as read (templates/web; the stylesheet as "style.css"), sections untranslated.
  std::map<std::string, std::string> templates;
  /// language code -> the templates translated into it, one set per offered language, made
  /// at start (templates_by_language); render_page picks the request's.
  std::map<std::string, Templates> by_language;
  LedgerPool pool;
  RateLimit verify_limit{20};
  bool tls = false;
  /// Dashboards as sent, by who asked and how (pages.cpp), at the pool's generation.
  PageCache dashboards{kCachedDashboards, kCachedDashboardBytes};
  /// Everyone's accreditations (whether an entry's leader was accredited on its date), read
  /// once per generation rather than on every dashboard made.
  KeptWhileCurrent<domain::AccreditationIndex> accreditations{};
  /// The pages' languages: catalogues and formats (language.hpp).
  Languages languages{locale_dirs()};
};

/// One request.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  Env& env;
  store::Ledger& ledger;
  const Route& route;
  std::string segment;  ///< the `{}` of the route's pattern
  std::optional<Principal> who;
  std::string addr;     ///< the client's address (the proxy's client's, behind a trusted proxy)
  bool secure = false;  ///< HTTPS, directly or at the proxy
  std::int64_t now = 0;
  core::Date today;
  /// The fields of a JSON object body (strings as they are, numbers as text).
  std::map<std::string, std::string> json_fields;
  /// The ledger pool's generation when this request's connection was taken (LedgerPool).
  std::uint64_t generation = 0;
  /// The page's language (choose_language; "en" for the JSON API, whose messages are English).
  std::string lang = "en";
  /// A form field, query parameter or JSON body field ("" when absent).
  std::string param(const char* name) const;
};

// html.cpp
/// HTML-escapes text; controls and bidi overrides/isolates are shown as ⟨U+XXXX⟩.
std::string escape_html(const std::string& s);
/// `text` (a Mustache template) with every `{{#t}}English text{{/t}}` section replaced by
/// tr("English text") in this thread's language (LanguageScope): what mstch makes of the
/// section on every render (the lambda's text, rendered in the section's context), done once
/// per language when the templates are read. Sections do not nest; one without its `{{/t}}`
/// is an error.
std::string translate_sections(const std::string& text);
/// The templates that `templates` include by name ({{> name}}, {{>name}}).
std::map<std::string, std::string> partials_of(const std::map<std::string, std::string>& templates);
/// `templates` (as read; the stylesheet is left out) translated into each offered language
/// with its catalogue in `languages`, and their partials: done once, when serving starts.
std::map<std::string, Templates> templates_by_language(
    const std::map<std::string, std::string>& templates, const Languages& languages);
/// The page `name` (templates/web/NAME.mustache) inside the layout.
std::string render_page(const Call& c, const std::string& name, const std::string& title,
                        mstch::map data);
/// Sends an HTML page with `status`.
void send_page(Call& c, const std::string& name, const std::string& title, mstch::map data,
               int status = 200);

// pages.cpp and api.cpp: one handler per route.
void handle_page(Call& c);
void handle_api(Call& c);
/// A JSON error body {"error": message} with `status`.
void json_error(httplib::Response& res, int status, const std::string& message);

}  // namespace balint::web
