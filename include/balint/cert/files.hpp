#pragma once
// Files written so that a reader never sees half of one: staged beside their final name,
// fsynced, then moved into place.
#include <string>
#include <string_view>

namespace balint::cert {

/// Bytes in a temporary file in the folder of `path`, written and fsynced on construction;
/// `publish` moves it to `path`. Unless published, the temporary file is removed on
/// destruction. WriteError when anything cannot be written.
class StagedFile {
 public:
  /// `mode` is applied as given (umask ignored) when non-zero; 0 means 0666 less the umask.
  /// Without `sync` the caller makes the bytes durable (sync_file_system) before publishing.
  StagedFile(std::string path, std::string_view bytes, unsigned mode = 0, bool sync = true);
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
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_;
  bool published_ = false;
};

/// Writes `bytes` to `path` through a StagedFile (see there for `mode` and `overwrite`).
void write_file(const std::string& path, std::string_view bytes, unsigned mode, bool overwrite);
/// The whole content of `path`; NoInputError (exit 66) when it does not exist.
std::string read_file(const std::string& path);
/// Flushes every written file of the file system that holds `path` to disk (syncfs): one
/// call for a batch of unsynced StagedFiles, instead of an fsync each.
void sync_file_system(const std::string& path);
/// Fsyncs a folder, so that names created or renamed in it are durable.
void sync_folder(const std::string& folder);
/// True when `path` exists (any kind of file).
bool file_exists(const std::string& path);

}  // namespace balint::cert
