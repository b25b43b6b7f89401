#pragma once
// Output files written so that a reader never sees half of one: staged beside their final
// name, fsynced, then moved into place; an existing file replaced only when asked, and never
// one that is not a regular file. Certificates, progress and audit PDFs, letters and keys are
// all written through here.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace balint::io {

/// Bytes in a temporary file in the folder of `path`, written and fsynced on construction;
/// `publish` moves it to `path`. Unless published, the temporary file is removed on
/// destruction. WriteError when anything cannot be written.
class StagedFile {
 public:
  /// `mode` is applied as given (umask ignored) when non-zero; 0 means 0666 less the umask.
  /// Without `sync` the caller makes the bytes durable (sync_file_system) before publishing.
  /// With `stage_in` (a StagingFolder's path, in the same folder as `path`), the temporary
  /// file is made there instead of beside `path`.
  StagedFile(std::string path, std::string_view bytes, unsigned mode = 0, bool sync = true,
             const std::string& stage_in = "");
  ~StagedFile();
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  /// Moves the file to `path` and (with `sync`) fsyncs the folder. Without `overwrite`, an
  /// existing `path` is never replaced (WriteError, exit 73).
  void publish(bool overwrite, bool sync = true);
  /// Removes the published file again (rolling back after a failed commit); never throws.
  void withdraw() noexcept;
  /// Leaves the temporary file where it is (not removed on destruction): for a kept
  /// StagingFolder, whose files a later run places (recover_staging).
  void keep() noexcept { temp_.clear(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_;
  bool published_ = false;
};

/// One private folder per run beside the outputs (issue 14, finding 7), where a bulk run stages
/// its signed files before it moves them into place: `.balint-staging.XXXXXX` in `folder`,
/// mode 0700, held with an flock while the run lasts and removed with everything in it at the
/// end. A run killed with SIGKILL cannot remove it; the next run in that folder does, first
/// thing (any staging folder there that no live run holds locked), so signed certificates never
/// linger as hidden temporary files. WriteError when it cannot be made.
class StagingFolder {
 public:
  explicit StagingFolder(const std::string& folder);
  ~StagingFolder();
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  const std::string& path() const { return path_; }
  /// Leaves the folder and what is in it for a later run (its lock goes with this object).
  void keep() noexcept { kept_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

/// What becomes of a file a killed run left staged: the path it belongs at (a certificate the
/// register holds, committed before the kill moved its file into place), or "" to remove it.
using PlaceStaged = std::function<std::string(const std::string& staged)>;

/// Run first by every command that stages into `folder`: the staging folders there that no live
/// run holds (a killed run's) are emptied. Each regular file in them is offered to `place`; one
/// it names a path for is moved there (replacing a regular file; never anything else), the rest
/// are removed with the folder. Returns the paths placed, in name order; WriteError when a file
/// cannot be moved into place (the staging folder is then kept for a later run).
std::vector<std::string> recover_staging(const std::string& folder, const PlaceStaged& place);

/// The prefix of staging folders' names.
inline constexpr const char* kStagingPrefix = ".balint-staging.";

/// Writes `bytes` to `path` through a StagedFile (see there for `mode` and `overwrite`).
void write_file(const std::string& path, std::string_view bytes, unsigned mode, bool overwrite);
/// Flushes every written file of the file system that holds `path` to disk (syncfs): one
/// call for a batch of unsynced StagedFiles, instead of an fsync each.
void sync_file_system(const std::string& path);
/// Fsyncs a folder, so that names created or renamed in it are durable.
void sync_folder(const std::string& folder);
/// True when `path` exists (any kind of file).
bool file_exists(const std::string& path);
/// The output-file policy (issue 14): an existing `path` is WriteError unless `force`, and
/// anything there that is not a regular file (device, FIFO, socket, folder, symbolic link) is
/// WriteError even with `force`: balint never replaces one.
void check_output(const std::string& path, bool force);
/// WriteError when `dir` exists and is not a folder (a folder of outputs to be).
void check_output_folder(const std::string& dir);
/// Creates `dir` and any missing parents, each new one mode 0700 whatever the umask (an
/// existing folder is left as it is); WriteError when it cannot, or when `dir` is not a folder.
void make_private_folder(const std::string& dir);

/// Modes of new output files: files holding more than one person's data (audit report,
/// letters, combined certificates, exports) are private; a certificate is its holder's to share.
constexpr unsigned kPrivateFileMode = 0600;
constexpr unsigned kCertificateMode = 0644;

}  // namespace balint::io
