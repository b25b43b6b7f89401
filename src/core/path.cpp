#include "balint/core/path.hpp"

#include <filesystem>

namespace balint::core {

std::string folder_of(const std::string& path) {
  std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

}  // namespace balint::core
