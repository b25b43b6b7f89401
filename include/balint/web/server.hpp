#pragma once
// `balint serve`: the web pages and JSON API over the ledger (see README, "The web server").
#include "balint/service/server_options.hpp"

namespace balint::web {

/// Serves until SIGTERM or SIGINT, then lets requests in flight finish; returns the exit code.
/// UsageError for a listen address that is not loopback without TLS or --behind-proxy.
int serve(const service::ServerOptions& options);

}  // namespace balint::web
