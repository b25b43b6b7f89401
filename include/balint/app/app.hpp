#pragma once
#include <functional>

#include "balint/service/server_options.hpp"

namespace balint::app {

/// What runs `balint serve` once its options are read (the web module, given by main.cpp).
using ServeFn = std::function<int(const service::ServerOptions&)>;

/// Runs the command line; returns the process exit code (SPEC §4). Catches every error.
int run(int argc, char** argv, ServeFn serve = {});

}  // namespace balint::app
