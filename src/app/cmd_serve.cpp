// serve: the web server over this ledger (the web module runs it).
#include "balint/core/error.hpp"
#include "command.hpp"

namespace balint::app {

void add_serve_command(std::vector<Command>& t, const ServeFn& serve) {
  // clang-format off
  t.push_back({"serve", "run the web server for members and leaders over this ledger",
               "serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--behind-proxy] [--threads N] [--max-connections N] [--max-per-address N] [--check]",
               "Serves web pages and a JSON API over the ledger, which the command line may use "
               "at the same time. Members log in (accounts: 'balint user add'), see their progress, "
               "entries and certificates, log and void their own sessions; leaders also log a "
               "session for several attendees and confirm their groups' entries; anyone may check "
               "a certificate at /verify. A non-loopback address is refused without TLS unless "
               "--behind-proxy (a reverse proxy on this machine terminates HTTPS; X-Forwarded-Proto "
               "and X-Forwarded-For are then trusted from loopback only). One line per request "
               "goes to standard error; SIGTERM stops it after the requests in flight.",
               {"balint serve", "balint serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()
                     ("listen", po::value<std::string>()->value_name("ADDR:PORT")->default_value("127.0.0.1:8080"),
                      "where to listen")
                     ("tls-cert", po::value<std::string>()->value_name("FILE"), "PEM certificate (HTTPS)")
                     ("tls-key", po::value<std::string>()->value_name("FILE"), "PEM private key")
                     ("behind-proxy", po::bool_switch(), "a local reverse proxy terminates HTTPS")
                     ("threads", po::value<int>()->value_name("N")->default_value(8), "requests handled at once")
                     ("max-connections", po::value<int>()->value_name("N")->default_value(1024), "connections open at once (503 beyond)")
                     ("max-per-address", po::value<int>()->value_name("N")->default_value(32), "connections open at once from one address (503 beyond)")
                     ("check", po::bool_switch(), "check settings, templates, rules and ledger, then exit");
               },
               [serve](Context& ctx, const po::variables_map& vm) {
                 service::ServerOptions o;
                 o.db_path = ctx.db_path;
                 o.rules_dirs = ctx.rules_dirs;
                 o.templates_dirs = ctx.templates();
                 if (vm.count("as-of")) o.as_of = ctx.as_of;
                 o.listen = opt_str(vm, "listen");
                 o.tls_cert = opt_str(vm, "tls-cert");
                 o.tls_key = opt_str(vm, "tls-key");
                 o.behind_proxy = vm["behind-proxy"].as<bool>();
                 o.check = vm["check"].as<bool>();
                 o.threads = vm["threads"].as<int>();
                 if (o.threads < 1 || o.threads > 256) throw core::UsageError("--threads: 1 to 256");
                 o.max_connections = vm["max-connections"].as<int>();
                 o.max_per_address = vm["max-per-address"].as<int>();
                 if (o.max_connections < 1 || o.max_connections > 100000)
                   throw core::UsageError("--max-connections: 1 to 100000");
                 if (o.max_per_address < 1 || o.max_per_address > o.max_connections)
                   throw core::UsageError("--max-per-address: 1 to --max-connections");
                 return serve(o);
               },
               Need::templates});  // the server opens its own ledger and rules (in balint-web)
  // clang-format on
}

}  // namespace balint::app
