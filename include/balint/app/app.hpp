#pragma once

namespace balint::app {

/// Runs the command line; returns the process exit code (SPEC §4). Catches every error.
int run(int argc, char** argv);

}  // namespace balint::app
