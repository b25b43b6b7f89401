// Finding balint-pdf.so and balint-web, and loading the PDF engine once.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <sys/stat.h>

#include <fmt/format.h>

#include "balint/core/error.hpp"
#include "balint/loader/loader.hpp"
#include "balint/loader/abi.hpp"
#include "module.hpp"

namespace balint::loader {
namespace {

std::string program_folder() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    throw core::InternalError(fmt::format("cannot tell where this program is (/proc/self/exe: {})",
                                          std::strerror(errno)));
  std::string exe(buf, static_cast<std::size_t>(n));
  auto slash = exe.rfind('/');
  return slash == std::string::npos ? std::string(".") : exe.substr(0, slash);
}

bool regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

std::string find_companion(const std::string& file, const std::string& what) {
  const std::string dir = program_folder();
  const std::string beside = dir + "/" + file;
  const std::string installed = dir + "/../lib/balint/" + file;
  for (const auto& p : {beside, installed})
    if (regular_file(p)) return p;
  throw core::InternalError(fmt::format(
      "cannot find the {} ({} is neither in {} nor in {}/../lib/balint); the installation is "
      "incomplete: build or install balint again",
      what, file, dir, dir));
}

const PdfCalls& pdf_calls() {
  static const PdfCalls* calls = [] {
    const std::string path = find_companion("balint-pdf.so", "PDF engine");
    // RTLD_LOCAL: the module's libraries stay its own; never closed (its objects, such as a
    // template's fonts, may live until the program ends).
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      throw core::InternalError(
          fmt::format("cannot load the PDF engine {}: {}", path, why ? why : "unknown error"));
    }
    auto entry = reinterpret_cast<const PdfCalls* (*)()>(::dlsym(handle, "balint_pdf_calls"));
    const PdfCalls* table = entry ? entry() : nullptr;
    if (!table)
      throw core::InternalError(fmt::format(
          "cannot load the PDF engine {}: it is not balint's (no balint_pdf_calls)", path));
    if (table->stamp != pdf_layout_stamp() || std::strcmp(table->version, BALINT_VERSION) != 0)
      throw core::InternalError(fmt::format(
          "cannot load the PDF engine {}: it belongs to another build of balint ({}); build or "
          "install balint again",
          path, table->version));
    return table;
  }();
  return *calls;
}

}  // namespace balint::loader
