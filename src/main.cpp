// balint: the command line. The PDF engine and the web server are not linked in: they are
// loaded or started when a command needs them (include/balint/loader/loader.hpp), so that a
// command that needs neither starts in a few milliseconds.
#include "balint/app/app.hpp"
#include "balint/loader/loader.hpp"

int main(int argc, char** argv) {
  balint::loader::remember_arguments(argc, argv);
  return balint::app::run(argc, argv, balint::loader::serve_in_web_program);
}
