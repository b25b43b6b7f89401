#include "balint/core/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

namespace balint::core {
namespace {

[[noreturn]] void refuse(Exit code, const std::string& path, const std::string& reason) {
  std::string m = fmt::format("{}: {}", path, reason);
  if (code == Exit::data) throw DataError(m);
  throw NoInputError(m);
}

// What a file that is not a regular file is, in words.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void not_regular(const std::string& path, mode_t mode) {
  if (S_ISDIR(mode)) refuse(Exit::no_input, path, "is a folder, not a file");
  refuse(Exit::no_input, path,
         fmt::format("is {}, not a regular file; balint reads only regular files", kind_of(mode)));
}

[[noreturn]] void too_large(const std::string& path, const InputKind& kind, std::uint64_t size,
                            bool grew) {
  refuse(Exit::data, path,
         fmt::format("{} {} bytes; {} may be at most {}", grew ? "grew past" : "is", size,
                     kind.what, size_words(kind.max_bytes)));
}

// Checks a stat result; throws when it is not a regular file within the limit.
void check_stat(const std::string& path, const InputKind& kind, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) not_regular(path, st.st_mode);
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > kind.max_bytes) too_large(path, kind, size, false);
}

void check_path(const std::string& path, const InputKind& kind) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {  // follows symbolic links: the target decides
    int e = errno;
    if (e == ENOENT) refuse(Exit::no_input, path, "no such file");
    refuse(Exit::no_input, path, fmt::format("cannot open: {}", std::strerror(e)));
  }
  check_stat(path, kind, st);
}

}  // namespace

std::string size_words(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MB", bytes / kMiB);
  return fmt::format("{} bytes", bytes);
}

void check_input(const std::string& path, const InputKind& kind) { check_path(path, kind); }

InputFile::InputFile(const std::string& path, const InputKind& kind) : path_(path), kind_(kind) {
  // stat first: a device or FIFO is refused without being opened at all; then the opened
  // descriptor is checked again (the name may have been swapped in between). O_NONBLOCK keeps
  // a FIFO swapped in from blocking the open; O_NOCTTY keeps a terminal from becoming ours.
  check_path(path, kind);
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd_ < 0) {
    int e = errno;
    refuse(Exit::no_input, path, fmt::format("cannot open: {}", std::strerror(e)));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    int e = errno;
    ::close(fd_);
    refuse(Exit::no_input, path, fmt::format("cannot read: {}", std::strerror(e)));
  }
  try {
    check_stat(path, kind, st);
  } catch (...) {
    ::close(fd_);
    throw;
  }
  int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(char* buf, std::size_t n) {
  while (true) {
    ssize_t got = ::read(fd_, buf, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int e = errno;
      refuse(Exit::no_input, path_, fmt::format("cannot read: {}", std::strerror(e)));
    }
    done_ += static_cast<std::uint64_t>(got);
    if (done_ > kind_.max_bytes) too_large(path_, kind_, done_, true);
    return static_cast<std::size_t>(got);
  }
}

std::string InputFile::read_all() {
  std::string out;
  out.reserve(static_cast<std::size_t>(size_));
  char buf[1 << 16];
  while (std::size_t got = read(buf, sizeof buf)) out.append(buf, got);
  return out;
}

std::string read_input(const std::string& path, const InputKind& kind) {
  InputFile f(path, kind);
  return f.read_all();
}

std::optional<std::string> read_input_if_present(const std::string& path, const InputKind& kind) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::nullopt;
  return read_input(path, kind);
}

std::string refusal_reason(const Error& e, const std::string& path) {
  std::string m = e.what();
  const std::string lead = path + ": ";
  if (m.rfind(lead, 0) == 0) m.erase(0, lead.size());
  return m;
}

}  // namespace balint::core
