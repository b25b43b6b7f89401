#pragma once
// Names of files: the one place that says what a path's folder is.
#include <string>

namespace balint::core {

/// The folder of `path`: everything before its last component, "." for a bare name
/// ("out.pdf" → ".", "a/b.pdf" → "a", "/b.pdf" → "/").
std::string folder_of(const std::string& path);

}  // namespace balint::core
