// balint serve: the HTTP server (cpp-httplib), its lifecycle, and the one dispatcher that
// authorises every request before a handler runs.
#include <fmt/core.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <semaphore>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <utility>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/store/certificates.hpp"
#include "balint/service/catalogue.hpp"
#include "balint/service/groups.hpp"
#include "balint/web/server.hpp"
#include "check.hpp"
#include "guard.hpp"
#include "secretary.hpp"
#include "web.hpp"

namespace balint::web {
namespace {

namespace fs = std::filesystem;

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct Listen {
  std::string host;
  int port = 0;
};

Listen parse_listen(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw core::UsageError(fmt::format("--listen: '{}' is not ADDRESS:PORT", s));
  std::string host = s.substr(0, colon), port = s.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int p = 0;
  for (char ch : port) {
    if (ch < '0' || ch > '9' || p > 65535)
      throw core::UsageError(fmt::format("--listen: bad port '{}'", port));
    p = p * 10 + (ch - '0');
  }
  if (port.empty() || p < 1 || p > 65535)
    throw core::UsageError(fmt::format("--listen: bad port '{}'", port));
  return {host, p};
}

std::map<std::string, std::string> load_templates(const std::vector<std::string>& dirs) {
  for (const auto& d : dirs) {
    fs::path web = fs::path(d) / "web";
    if (!fs::is_directory(web)) continue;
    std::map<std::string, std::string> out;
    for (const auto& f : fs::directory_iterator(web)) {
      auto ext = f.path().extension();
      if (ext != ".mustache" && ext != ".css") continue;
      std::string text = core::read_input(f.path().string(), core::kWebTemplateInput);
      if (ext == ".css")
        out[f.path().stem().string() + ".css"] = std::move(text);
      else  // translated once per language at start (templates_by_language), not per render
        out[f.path().stem().string()] = std::move(text);
    }
    return out;
  }
  throw core::NoInputError("no web templates found (a templates folder with web/ inside)");
}

// The client behind a trusted proxy: only a loopback peer may speak for another.
std::string client_addr(const httplib::Request& req, bool behind_proxy) {
  if (behind_proxy && is_loopback(req.remote_addr) && req.has_header("X-Forwarded-For")) {
    std::string v = req.get_header_value("X-Forwarded-For");
    auto comma = v.rfind(',');
    std::string last = comma == std::string::npos ? v : v.substr(comma + 1);
    while (!last.empty() && last.front() == ' ') last.erase(0, 1);
    if (!last.empty() && last.size() < 64) return last;
  }
  return req.remote_addr;
}

bool is_secure(const Env& env, const httplib::Request& req) {
  if (env.tls) return true;
  return env.options.behind_proxy && is_loopback(req.remote_addr) &&
         req.get_header_value("X-Forwarded-Proto") == "https";
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  std::string all = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < all.size()) {
    auto end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string part = all.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

// A state-changing request must come from our own pages: a matching Origin (or, without one,
// Referer); scripts that send JSON or a bearer token carry neither and are not browsers.
bool same_origin(const Call& c) {
  std::string origin = c.req.get_header_value("Origin");
  if (origin.empty()) {
    std::string ref = c.req.get_header_value("Referer");
    if (!ref.empty()) {
      auto slash = ref.find('/', ref.find("//") == std::string::npos ? 0 : ref.find("//") + 2);
      origin = ref.substr(0, slash);
    }
  }
  const std::string host = c.req.get_header_value("Host");
  if (origin.empty())
    return c.req.has_header("Authorization") ||
           c.req.get_header_value("Content-Type").rfind("application/json", 0) == 0;
  return origin == (c.secure ? "https://" : "http://") + host;
}

std::optional<std::map<std::string, std::string>> json_object_fields(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string())
      out[k] = v.get<std::string>();
    else if (v.is_number_integer())
      out[k] = std::to_string(v.get<long long>());
    else if (v.is_number())
      out[k] = v.dump();
    else if (!v.is_null())
      return std::nullopt;
  }
  return out;
}

Facts facts_for(Call& c) {
  Facts f;
  if (!c.who) return f;
  f.role = c.who->account.role;
  const std::string& me = c.who->account.person;
  const bool leader = f.role == store::AccountRole::leader;
  auto groups = [&] {
    return leader ? service::led_groups(c.ledger, me) : std::set<std::string>{};
  };
  switch (c.route.subject) {
    case Subject::none:
    case Subject::self: break;
    case Subject::person: {
      if (c.route.action == Action::log) {  // the people and group named in the form or body
        std::string people = c.param("person");
        f.own = people.empty() || people == me;  // no person: the caller's own entry
        std::string group = c.param("group");
        f.in_led_group = leader && !group.empty() && groups().count(group) > 0;
        f.subject_exists = true;
        break;
      }
      f.subject_exists = c.ledger.has_person(c.segment);
      f.own = c.segment == me;
      f.in_led_group =
          f.subject_exists && !f.own && leader && service::in_groups(c.ledger, c.segment, groups());
      break;
    }
    case Subject::certificate: {
      store::CertificateRegister reg(c.ledger);
      auto revs = reg.revisions(c.segment);
      f.subject_exists = !revs.empty();
      if (revs.empty()) break;
      f.own = revs.back().person == me;
      f.in_led_group =
          !f.own && leader && service::in_groups(c.ledger, revs.back().person, groups());
      break;
    }
    case Subject::entry: {
      std::int64_t id = 0;
      for (char ch : c.segment)
        id = (ch >= '0' && ch <= '9' && id < 1'000'000'000'000) ? id * 10 + (ch - '0') : -1;
      auto e = id > 0 ? c.ledger.entry(id) : std::nullopt;
      f.subject_exists = e.has_value();
      if (!e) break;
      f.own = e->person == me;
      f.entry_confirmed = !e->verified_by.empty();
      f.in_led_group = leader && !e->group.empty() && groups().count(e->group) > 0;
      break;
    }
  }
  return f;
}

void refuse(Call& c, int status, const std::string& message) {
  if (c.route.api) {
    json_error(c.res, status, message);
    return;
  }
  if (status == 401) {
    c.res.status = 303;
    c.res.set_header("Location", "/login");
    return;
  }
  send_page(c, "error", tr("Not possible"), {{"message", message}}, status);
}

// Everything between reading a request and running its handler.
void dispatch(Env& env, const httplib::Request& req, httplib::Response& res, std::string& user) {
  static const Route kPageUnknown{RouteId::unknown, "GET",        "",   true, 0,
                                  Subject::none,    Action::read, false};
  std::string segment;
  const Route* route = match(req.method, req.path, &segment);
  if (!route) {
    if (req.path.rfind("/api/", 0) == 0) return json_error(res, 404, "no such resource");
    route = &kPageUnknown;  // a page saying so, with the navigation
  }
  auto lease = env.pool.take();
  // Given back (and the generation raised if this request wrote) before the response is sent.
  struct Back {
    LedgerPool& p;
    Lease& l;
    ~Back() { p.give_back(std::move(l)); }
  } back{env.pool, lease};
  Call c{req,
         res,
         env,
         *lease.ledger,
         *route,
         segment,
         std::nullopt,
         client_addr(req, env.options.behind_proxy),
         is_secure(env, req),
         unix_now(),
         env.options.as_of.value_or(core::Date::today()),
         {},
         lease.generation};
  if (!route->api) {  // the JSON API's messages stay English
    // A language chosen on the page's selector (?lang=CODE) is kept in a cookie.
    std::string chosen =
        req.method == "GET" && req.has_param("lang") ? req.get_param_value("lang") : "";
    if (offered(chosen))
      res.set_header("Set-Cookie",
                     fmt::format("lang={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict{}",
                                 chosen, c.secure ? "; Secure" : ""));
    else
      chosen = cookie_value(req, "lang");
    c.lang = choose_language(chosen, req.get_header_value("Accept-Language"));
  }
  LanguageScope language(env.languages, c.lang);
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0)
    c.who = token_principal(c.ledger, auth.substr(7));
  else
    c.who = session_principal(c.ledger, cookie_value(req, c.secure ? "__Host-balint" : "balint"),
                              c.now);
  if (c.who) user = c.who->account.person;
  // Who this request's writes are recorded as in the activity log (a pooled connection keeps
  // the last request's otherwise).
  c.ledger.set_actor(c.who ? "web:" + c.who->account.person : std::string("web"));
  if (req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    auto fields = json_object_fields(req.body);
    if (!fields) return refuse(c, 400, tr("the body is not a JSON object of strings and numbers"));
    c.json_fields = std::move(*fields);
  }
  if (req.method == "POST") {
    if (!same_origin(c))
      return refuse(c, 403, tr("the request did not come from this site's pages"));
    if (c.who && !c.who->session_hash.empty()) {
      std::string token = req.get_header_value("X-CSRF-Token");
      if (token.empty()) token = c.param("csrf");
      if (token != c.who->csrf)
        return refuse(c, 403, tr("missing or wrong CSRF token; reload the page"));
    }
  }
  switch (authorize(*route, facts_for(c))) {
    case Access::allow: break;
    case Access::unauthenticated: return refuse(c, 401, tr("log in first"));
    case Access::forbidden: return refuse(c, 403, tr("your account may not do this"));
    case Access::not_found: return refuse(c, 404, tr("not found"));
  }
  if (route->api)
    handle_api(c);
  else
    handle_page(c);
}

// The path without its query (which may hold a secret: an invitation token).
void log_line(const httplib::Request& req, const httplib::Response& res, double ms,
              const std::string& user) {
  std::string path;
  for (char ch : req.path) path += (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ? '?' : ch;
  std::cerr << fmt::format("{} {} {} {:.1f}ms {}\n", req.method, path, res.status, ms,
                           user.empty() ? "-" : user)
            << std::flush;
}

thread_local std::chrono::steady_clock::time_point t_start;
thread_local std::string t_user;

// The limits a connection is held to (guard.hpp; README, "Slow and hostile clients").
ConnectionLimits connection_limits(const service::ServerOptions& o) {
  ConnectionLimits l;
  l.max_connections = o.max_connections;
  l.max_per_address = o.max_per_address;
  l.proxy_on_loopback = o.behind_proxy;
  l.max_body = kMaxUploadBytes;  // the largest CSV import (413 beyond)
  return l;
}

void configure(httplib::Server& svr, Env& env, const ConnectionLimits& limits) {
  // A thread for each open connection (an idle or slow one waits in its own thread, never
  // holding a worker others need); those beyond the caps are refused by GuardedServer at once,
  // so the acceptor waits only if a connection's thread cannot start.
  svr.new_task_queue = [n = limits.max_connections] { return new ConnectionThreads(n + 64); };
  // Without it a response written in two parts (headers, then the body) waits for the client's
  // delayed ACK of the first (Nagle's algorithm): about 40 ms a request on a kept-alive
  // connection, whatever the page costs to make (bench/serve/README.md).
  svr.set_tcp_nodelay(true);
  // Said in the Keep-Alive header; GuardedServer keeps to them (and so does SSLServer).
  svr.set_keep_alive_max_count(static_cast<std::size_t>(limits.keep_alive_max));
  svr.set_keep_alive_timeout(limits.idle.count());
  svr.set_read_timeout(limits.io.count(), 0);
  svr.set_write_timeout(limits.io.count(), 0);
  svr.set_payload_max_length(limits.max_body);
  // --threads requests are handled at once, however many connections are open: each holds a
  // ledger connection and a core while it runs.
  auto handling = std::make_shared<std::counting_semaphore<256>>(env.options.threads);
  // A body over the limit is refused before any handler runs (and before the login is
  // known): the answer says why, in the reader's language, and that nothing was stored.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [&env, max_mb = limits.max_body / (1024 * 1024)](const httplib::Request& req,
                                                       httplib::Response& res) {
        if (res.status != 413 || !res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        LanguageScope language(
            env.languages,
            choose_language(cookie_value(req, "lang"), req.get_header_value("Accept-Language")));
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(
            fmt::format("{} {} MB\n", tr("Too large; nothing was stored. Largest upload:"), max_mb),
            "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_start = std::chrono::steady_clock::now();
    t_user.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handler = [&env, handling](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    // "same-origin", not "no-referrer": under no-referrer a browser sends `Origin: null` with a
    // form post, and same_origin() could not tell our own forms from anyone's.
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'");
    res.set_header("Cache-Control", "no-store");
    // The routes that check or set a password (login, the API's login, an invitation) wait
    // for their turn at the password hash (service::hash_password), not for a handler: a burst
    // of logins, each about 0.1 s of a core in Argon2id, would otherwise hold every handler
    // while the other requests wait behind them (bench/load: 60 s timeouts at 220 users).
    const Route* route = match(req.method, req.path, nullptr);
    const bool password = route && route->open && route->action == Action::log;
    if (!password) handling->acquire();
    struct Done {
      std::counting_semaphore<256>* s;
      ~Done() {
        if (s) s->release();
      }
    } done{password ? nullptr : handling.get()};
    try {
      dispatch(env, req, res, t_user);
    } catch (const core::Error& e) {
      std::cerr << "balint serve: " << e.what() << '\n';
      // For a process supervisor: the server runs, but cannot use its ledger.
      if (req.path == "/healthz") {
        res.status = 503;
        res.set_content("ledger unavailable\n", "text/plain");
        return;
      }
      json_error(res, 500, "internal error");
    }
  };
  svr.Get(".*", handler);
  svr.Post(".*", handler);
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(std::move(ep));
        } catch (const std::exception& e) {
          std::cerr << "balint serve: internal error: " << e.what() << '\n';
        }
        json_error(res, 500, "internal error");
      });
  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start)
            .count();
    log_line(req, res, ms, t_user);
  });
}

// A connection is a file descriptor: the soft limit is raised (up to the hard one) to hold
// the connection cap and the ledger's files; a lower hard limit lowers the cap, and says so.
void open_files_for(ConnectionLimits& limits) {
  constexpr rlim_t kOthers = 128;  // the ledger's connections and journals, templates, logs
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return;
  const rlim_t want = static_cast<rlim_t>(limits.max_connections) + kOthers;
  if (r.rlim_cur < want) {
    r.rlim_cur = std::min(want, r.rlim_max);
    setrlimit(RLIMIT_NOFILE, &r);
    getrlimit(RLIMIT_NOFILE, &r);
  }
  if (r.rlim_cur < want) {
    limits.max_connections = static_cast<int>(std::max<rlim_t>(r.rlim_cur, 2 * kOthers) - kOthers);
    std::cerr << fmt::format(
                     "balint serve: at most {} open files (ulimit -n): at most {} connections\n",
                     r.rlim_cur, limits.max_connections)
              << std::flush;
  }
}

}  // namespace

bool RateLimit::allow(const std::string& addr, std::int64_t now) {
  std::lock_guard lock(mu_);
  if (windows_.size() > 10'000) windows_.clear();  // bounded memory under a flood
  auto& w = windows_[addr];
  if (w.first != now / 60) w = {now / 60, 0};
  return ++w.second <= per_minute_;
}

std::string Call::param(const char* name) const {
  if (req.has_param(name)) return req.get_param_value(name);
  if (auto it = json_fields.find(name); it != json_fields.end()) return it->second;
  if (req.has_file(name)) return req.get_file_value(name).content;
  return "";
}

int serve(const service::ServerOptions& o) {
  const Listen at = parse_listen(o.listen);
  const bool tls = !o.tls_cert.empty() || !o.tls_key.empty();
  if (tls && (o.tls_cert.empty() || o.tls_key.empty()))
    throw core::UsageError("--tls-cert and --tls-key go together");
  if (!is_loopback(at.host) && !tls && !o.behind_proxy)
    throw core::UsageError(fmt::format(
        "refusing to serve {} without TLS: give --tls-cert and --tls-key, or --behind-proxy when "
        "a reverse proxy on this machine terminates HTTPS",
        o.listen));
  Env env{o,
          service::load_catalogue(o.rules_dirs),
          load_templates(o.templates_dirs),
          {},
          LedgerPool(o.db_path)};
  env.tls = tls;
  if (const auto& missing = env.languages.missing(); !missing.empty()) {
    std::string which, where;
    for (const auto& l : missing) which += (which.empty() ? "" : ", ") + l;
    for (const auto& d : locale_dirs()) where += (where.empty() ? "" : ", ") + d;
    std::cerr << fmt::format(
        "balint serve: no catalogue balint.mo for {} (looked in {}): those pages "
        "are shown in English\n",
        which, where);
  }
  // A broken template would be served silently wrong (mstch says nothing): refused first; then
  // each language's translation of them (a msgstr could bring a tag in).
  refuse_broken_templates(env.templates);
  env.by_language = templates_by_language(env.templates, env.languages);
  refuse_broken_translations(env.by_language);
  ConnectionLimits limits = connection_limits(o);
  open_files_for(limits);
  std::unique_ptr<httplib::Server> svr;
  std::function<bool()> raise_backlog;
  if (tls) {
    auto tls_server = std::make_unique<TlsServer>(o.tls_cert.c_str(), o.tls_key.c_str());
    raise_backlog = [p = tls_server.get()] { return p->raise_backlog(); };
    svr = std::move(tls_server);
    if (!svr->is_valid())
      throw core::NoInputError(
          fmt::format("cannot load --tls-cert {} / --tls-key {} (PEM files, readable, the key "
                      "matching the certificate)",
                      o.tls_cert, o.tls_key));
  } else {
    auto plain = std::make_unique<GuardedServer>(limits);
    raise_backlog = [p = plain.get()] { return p->raise_backlog(); };
    svr = std::move(plain);
  }
  {
    auto lease = env.pool.take();  // the ledger opens (or is refused) before serving
    struct Back {
      LedgerPool& p;
      Lease& l;
      ~Back() { p.give_back(std::move(l)); }
    } back{env.pool, lease};
    if (o.check) return check_and_report(env, *lease.ledger);
  }
  mstch::config::escape = escape_html;  // once, before any thread renders
  configure(*svr, env, limits);
  if (!svr->bind_to_port(at.host.c_str(), at.port) || !raise_backlog())
    throw core::WriteError(fmt::format("cannot listen on {}", o.listen));
  // SIGTERM and SIGINT are taken by this thread alone (sigwait), never by a worker.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread listener([&] { svr->listen_after_bind(); });
  std::cerr << fmt::format("balint serve: listening on {}://{} (ledger {})\n",
                           tls ? "https" : "http", o.listen, o.db_path)
            << std::flush;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::cerr << "balint serve: stopping; requests in flight finish\n" << std::flush;
  svr->stop();
  listener.join();
  std::cerr << "balint serve: stopped\n" << std::flush;
  return 0;
}

}  // namespace balint::web
