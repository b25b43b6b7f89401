// `balint serve` in the `balint` program: becomes balint-web, which holds the server.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "balint/core/error.hpp"
#include "balint/loader/loader.hpp"

namespace balint::loader {
namespace {
std::vector<char*> saved_arguments;
}

void remember_arguments(int argc, char** argv) {
  saved_arguments.assign(argv, argv + argc);
  saved_arguments.push_back(nullptr);
}

int serve_in_web_program(const service::ServerOptions&) {
  const std::string program = find_companion("balint-web", "web server");
  if (saved_arguments.empty())
    throw core::InternalError("balint serve: the command line was not kept (remember_arguments)");
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  // balint-web reads the same command line again and serves; the options were checked here.
  ::execv(program.c_str(), saved_arguments.data());
  throw core::InternalError(
      fmt::format("cannot start the web server {}: {}", program, std::strerror(errno)));
}

}  // namespace balint::loader
