#include "balint/app/app.hpp"
#include "balint/web/server.hpp"

int main(int argc, char** argv) { return balint::app::run(argc, argv, balint::web::serve); }
