// The folder of a path: "." for a bare name, else everything before the last component.
#include "balint/core/path.hpp"

#include <doctest/doctest.h>

namespace core = balint::core;

TEST_CASE("folder_of") {
  CHECK(core::folder_of("out.pdf") == ".");
  CHECK(core::folder_of("certs/out.pdf") == "certs");
  CHECK(core::folder_of("a/b/c.toml") == "a/b");
  CHECK(core::folder_of("/ledger.db") == "/");
  CHECK(core::folder_of("./x") == ".");
  CHECK(core::folder_of("../up/x") == "../up");
}
