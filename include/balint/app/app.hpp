#pragma once
#include <functional>
#include <iosfwd>
#include <string>

#include "balint/service/server_options.hpp"

namespace balint::app {

/// What runs `balint serve` once its options are read (the web module, given by main.cpp).
using ServeFn = std::function<int(const service::ServerOptions&)>;

/// Runs the command line; returns the process exit code (SPEC §4). Catches every error.
int run(int argc, char** argv, const ServeFn& serve = {});

/// Writes a reference generated from the command table, so it never drifts from `--help`:
/// "man" (the balint(1) page, roff), "bash" or "zsh" (a completion script). Returns 0, or 64
/// with a message on stderr for another kind.
int write_reference(const std::string& kind, std::ostream& out, const ServeFn& serve);

}  // namespace balint::app
