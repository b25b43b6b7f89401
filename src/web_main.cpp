// balint-web: the whole program, web server included. `balint serve` becomes this program
// (src/loader/web.cpp) with the same command line; it is not meant to be run by hand, though
// it runs every command as `balint` does.
#include "balint/app/app.hpp"
#include "balint/web/server.hpp"

int main(int argc, char** argv) { return balint::app::run(argc, argv, balint::web::serve); }
