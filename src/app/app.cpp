#include "balint/app/app.hpp"

namespace balint::app {
int run(int, char**) { return 0; }
}  // namespace balint::app
