#pragma once
// The `balint` program starts small: the PDF engine (Pango, Cairo, qpdf) is a module,
// balint-pdf.so, loaded the first time a PDF is drawn or read, and the web server is a program
// of its own, balint-web, that `balint serve` becomes. A command that needs neither (log,
// entries, progress on the terminal ...) loads neither and their libraries' start-up costs
// nothing. Both are looked for beside the running program, then in ../lib/balint/ (where
// `cmake --install` puts them).
#include <string>

#include "balint/service/server_options.hpp"

namespace balint::loader {

/// Keeps main's arguments for serve_in_web_program (argv lives as long as the process).
void remember_arguments(int argc, char** argv);

/// `balint serve`: replaces this process by balint-web with the same arguments (same pid, so
/// a supervisor's signals reach the server). Returns only by throwing (exit 70).
int serve_in_web_program(const service::ServerOptions& options);

/// Where a companion file is found: beside the running program, else in ../lib/balint/.
/// Throws core::InternalError naming both places and `what` when it is in neither.
std::string find_companion(const std::string& file, const std::string& what);

}  // namespace balint::loader
