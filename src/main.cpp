#include "balint/app/app.hpp"

int main(int argc, char** argv) { return balint::app::run(argc, argv); }
