#pragma once
// Shared by the harnesses: a scratch file per process, and the rule that the code under test
// may refuse an input only with one of our typed errors (core::Error). Anything else escaping
// (std::bad_alloc aside, std::out_of_range, a toml++ or SQLite exception, ...) is a bug:
// the app would report it as an internal error (exit 70) or crash.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

/// A folder of its own for this process (under /dev/shm when there is one: no disk writes).
inline const std::string& scratch_dir() {
  // Removes the folder at exit; a static destroyed after the path it removes was made.
  struct Folder {
    std::string path;
    Folder() {
      namespace fs = std::filesystem;
      fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
      path = (base / ("balint-fuzz-" + std::to_string(::getpid()))).string();
      fs::create_directories(path);
    }
    ~Folder() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Folder folder;
  return folder.path;
}

/// Writes `data` to `name` in the scratch folder; returns its path.
inline std::string write_scratch(const std::string& name, std::string_view data) {
  std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

/// Reports an exception that is not one of ours, and stops (the fuzzer records the input).
[[noreturn]] inline void foreign_exception(const char* where, const std::exception* e) {
  std::fprintf(stderr, "fuzz: %s: a foreign exception escaped: %s\n", where,
               e ? e->what() : "(not a std::exception)");
  std::abort();
}

/// Asserts a property; on failure prints `what` and stops.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: property failed: %s\n", what);
  std::abort();
}

}  // namespace fuzz
