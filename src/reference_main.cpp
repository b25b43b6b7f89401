// balint-reference KIND: writes balint(1) ("man") or a completion script ("bash", "zsh") to
// standard output, from the same command table as `balint --help`. The build runs it; it is not
// installed.
#include <iostream>
#include <string>

#include "balint/app/app.hpp"
#include "balint/loader/loader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: balint-reference man|bash|zsh\n";
    return 64;
  }
  int rc = balint::app::write_reference(argv[1], std::cout, balint::loader::serve_in_web_program);
  std::cout.flush();
  return std::cout ? rc : 74;
}
