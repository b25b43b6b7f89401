#pragma once
// What `balint serve` is started with: the command line's choices, handed from app to web.
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"

namespace balint::service {

struct ServerOptions {
  std::string db_path;
  std::vector<std::string> rules_dirs;
  std::vector<std::string> templates_dirs;
  std::optional<core::Date> as_of;  ///< fixed "today" (tests, screenshots); else the clock's
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  bool behind_proxy = false;
  bool check = false;          ///< check the settings, templates and ledger, then exit
  int threads = 8;             ///< requests handled at once
  int max_connections = 1024;  ///< connections open at once (503 beyond)
  int max_per_address = 32;    ///< connections open at once from one address (503 beyond)
};

}  // namespace balint::service
