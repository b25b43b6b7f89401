#include "balint/io/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/path.hpp"

namespace balint::io {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& path, const char* what) {
  throw core::WriteError(fmt::format("{}: {}: {}", path, what, std::strerror(errno)));
}

unsigned default_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666u & ~static_cast<unsigned>(mask);
}

}  // namespace

StagedFile::StagedFile(std::string path, std::string_view bytes, unsigned mode, bool sync,
                       const std::string& stage_in)
    : path_(std::move(path)) {
  std::string folder = core::folder_of(path_);
  if (!fs::is_directory(folder))
    throw core::WriteError(fmt::format("{}: no such folder {}", path_, folder));
  std::string tmpl =
      stage_in.empty()
          ? (fs::path(folder) / ("." + fs::path(path_).filename().string() + ".XXXXXX")).string()
          : (fs::path(stage_in) / (fs::path(path_).filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) fail(path_, "cannot create a temporary file beside it");
  temp_ = tmpl;
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode ? mode : default_mode())) == 0;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      ok = false;
    else
      done += static_cast<std::size_t>(n);
  }
  ok = ok && (!sync || ::fsync(fd) == 0);
  int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    errno = saved;
    ::unlink(temp_.c_str());
    temp_.clear();
    fail(path_, "cannot write");
  }
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), published_(other.published_) {
  other.temp_.clear();
}

StagedFile::~StagedFile() {
  if (!temp_.empty() && !published_) ::unlink(temp_.c_str());
}

void StagedFile::publish(bool overwrite, bool sync) {
  if (published_) return;
  check_output(path_, overwrite);
  if (overwrite) {
    if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(path_, "cannot write");
  } else if (::link(temp_.c_str(), path_.c_str()) == 0) {
    ::unlink(temp_.c_str());
  } else if (errno == EEXIST) {
    throw core::WriteError(fmt::format("{}: exists already; add --force to replace it", path_));
  } else {
    // A file system without hard links: check, then rename.
    if (file_exists(path_))
      throw core::WriteError(fmt::format("{}: exists already; add --force to replace it", path_));
    if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(path_, "cannot write");
  }
  published_ = true;
  if (sync) sync_folder(core::folder_of(path_));
}

void StagedFile::withdraw() noexcept {
  if (!published_) return;
  ::unlink(path_.c_str());
  published_ = false;
  temp_.clear();
}

namespace {

// Moves what `place` claims out of one stale staging folder `dir` (held locked by the caller);
// returns false when a claimed file could not be moved (the folder is then kept).
bool place_staged(const std::string& dir, const PlaceStaged& place,
                  std::vector<std::string>& placed, std::string& problem) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().string());
  std::sort(names.begin(), names.end());
  bool moved_any = false;
  for (const auto& staged : names) {
    struct stat st {};
    if (::lstat(staged.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    std::string to = place(staged);
    if (to.empty()) continue;
    struct stat there {};
    if (::lstat(to.c_str(), &there) == 0 && !S_ISREG(there.st_mode)) {
      problem = fmt::format(
          "{}: exists and is not a regular file; the certificate the register holds for it is "
          "kept in {}",
          to, dir);
      return false;
    }
    if (::rename(staged.c_str(), to.c_str()) != 0) {
      problem = fmt::format("{}: cannot move the certificate the register holds for it from {}: {}",
                            to, dir, std::strerror(errno));
      return false;
    }
    placed.push_back(to);
    moved_any = true;
  }
  if (moved_any) sync_folder(fs::path(dir).parent_path().string());  // before the folder goes
  return true;
}

// Empties the staging folders in `folder` that no live run holds: their flock is free (a
// killed run's lock went with it). A symbolic link or file of that name is only unlinked.
// With `place`, registered files are moved into place first (recover_staging).
std::vector<std::string> remove_stale_staging(const std::string& folder, const PlaceStaged* place) {
  std::vector<std::string> placed;
  std::string problem;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    std::string p = entry.path().string();
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) continue;
    if (!S_ISDIR(st.st_mode)) {
      ::unlink(p.c_str());
      continue;
    }
    int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        (place == nullptr || place_staged(p, *place, placed, problem))) {
      std::error_code rm;
      fs::remove_all(p, rm);  // does not follow symbolic links inside
    }
    ::close(fd);
    if (!problem.empty()) break;
  }
  if (!problem.empty()) throw core::WriteError(problem);
  return placed;
}

}  // namespace

std::vector<std::string> recover_staging(const std::string& folder, const PlaceStaged& place) {
  return remove_stale_staging(folder, &place);
}

StagingFolder::StagingFolder(const std::string& folder) {
  remove_stale_staging(folder, nullptr);
  std::string tmpl = (fs::path(folder) / (std::string(kStagingPrefix) + "XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr)  // mode 0700
    fail(folder, "cannot create a private staging folder in it");
  path_ = tmpl;
  fd_ = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
    int saved = errno;
    if (fd_ >= 0) ::close(fd_);
    ::rmdir(path_.c_str());
    errno = saved;
    fail(path_, "cannot lock the staging folder");
  }
}

StagingFolder::~StagingFolder() {
  std::error_code ec;
  if (!kept_) fs::remove_all(path_, ec);
  if (fd_ >= 0) ::close(fd_);
}

void write_file(const std::string& path, std::string_view bytes, unsigned mode, bool overwrite) {
  StagedFile f(path, bytes, mode);
  f.publish(overwrite);
}

void sync_file_system(const std::string& path) {
  int fd = ::open(core::folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open its folder");
  int rc = ::syncfs(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) fail(path, "cannot flush to disk");
}

void sync_folder(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void check_output(const std::string& path, bool force) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISREG(st.st_mode))
    throw core::WriteError(fmt::format(
        "{}: exists and is not a regular file; balint never replaces it (not even with --force)",
        path));
  if (!force)
    throw core::WriteError(fmt::format("{}: exists already; add --force to replace it", path));
}

void check_output_folder(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    throw core::WriteError(fmt::format("{}: exists and is not a folder", dir));
}

void make_private_folder(const std::string& dir) {
  fs::path p(dir);
  std::vector<fs::path> missing;
  for (fs::path q = p; !q.empty() && !fs::exists(fs::symlink_status(q)); q = q.parent_path()) {
    missing.push_back(q);
    if (!q.has_parent_path() || q.parent_path() == q) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {  // outermost first
    if (::mkdir(it->c_str(), 0700) == 0)
      ::chmod(it->c_str(), 0700);  // mkdir's mode is cut by the umask, never widened
    else if (errno != EEXIST)
      fail(it->string(), "cannot create folder");
  }
  std::error_code ec;
  if (!fs::is_directory(p, ec)) throw core::WriteError(fmt::format("{}: not a folder", dir));
}

}  // namespace balint::io
