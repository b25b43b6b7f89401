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

/// Shared by every request; read-only once serving (but for the pool, the limiter and the
/// dashboard cache, each safe to share between threads).
struct Env {
  service::ServerOptions options;
  rules::Catalogue catalogue;
  std::map<std::string, std::string> templates;  // name -> Mustache text (templates/web)
  /// The templates that some template includes ({{> name}}): mstch parses every partial it is
  /// given on every render, so a page is given these, not all of `templates`.
  std::map<std::string, std::string> partials;
  LedgerPool pool;
  RateLimit verify_limit{20};
  bool tls = false;
  /// Dashboards as sent, by who asked and how (pages.cpp), at the pool's generation.
  PageCache dashboards{kCachedDashboards, kCachedDashboardBytes};
  /// Everyone's accreditations (whether an entry's leader was accredited on its date), read
  /// once per generation rather than on every dashboard made.
  KeptWhileCurrent<domain::AccreditationIndex> accreditations{};
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
  /// A form field, query parameter or JSON body field ("" when absent).
  std::string param(const char* name) const;
};

// html.cpp
/// HTML-escapes text; controls and bidi overrides/isolates are shown as ⟨U+XXXX⟩.
std::string escape_html(const std::string& s);
/// The message in the user's language (gettext, domain "balint"; English only so far).
std::string tr(const char* msgid);
/// `text` (a Mustache template) with every `{{#t}}English text{{/t}}` section replaced by
/// tr("English text"): what mstch makes of the section on every render (the lambda's text,
/// rendered in the section's context), done once when the templates are read, since the
/// language is the process's. Sections do not nest; one without its `{{/t}}` is an error.
std::string translate_sections(const std::string& text);
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
