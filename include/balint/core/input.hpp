#pragma once
// Files that come from outside (CSV, rule files, templates, images, fonts, PDFs to verify, key
// files, documents) are read through here and nowhere else (issue 14, finding 6):
//   - only a regular file is read: a FIFO, a device (/dev/zero), a socket or a folder, or a
//     symbolic link to one, is refused (NoInputError, exit 66) before anything is read from
//     it, and without waiting on it (a FIFO is opened O_NONBLOCK, then checked with fstat);
//   - each kind of input has a size limit, checked with fstat before reading and again while
//     reading (a file that grows): past it, DataError (exit 65) naming the file,
//     its size and the limit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "balint/core/error.hpp"

namespace balint::core {

inline constexpr std::uint64_t kMiB = 1024ull * 1024ull;

/// One kind of input and its limit; `what` names it in messages ("a rule file").
struct InputKind {
  const char* what;
  std::uint64_t max_bytes;
};

// The limits, documented in the README ("Limits") and SPEC-facing docs; 1 MB = 1,048,576 bytes.
inline constexpr InputKind kCsvInput{"a CSV file", 2048 * kMiB};  // streamed
inline constexpr InputKind kRuleInput{"a rule file", 1 * kMiB};
inline constexpr InputKind kTemplateInput{"a template file", 1 * kMiB};
inline constexpr InputKind kImageInput{"an image", 10 * kMiB};
inline constexpr InputKind kFontInput{"a font file", 50 * kMiB};
inline constexpr InputKind kPdfInput{"a PDF to verify", 64 * kMiB};  // = pdf::kMaxPdfBytes
inline constexpr InputKind kKeyInput{"a key file", 1 * kMiB};
inline constexpr InputKind kDocumentInput{"a document file", 64 * kMiB};
inline constexpr InputKind kConfigInput{"a configuration file", 1 * kMiB};
inline constexpr InputKind kWebTemplateInput{"a web template", 1 * kMiB};

/// A refused input: NoInputError "PATH: reason" (exit 66) for a file that is missing, cannot be
/// opened or is not a regular file; DataError "PATH: reason" (65) for one over its limit.
/// Callers that report it as a diagnostic of their own take the reason after "PATH: "
/// (refusal_reason).

/// "1 MB", "2048 MB", "1,234 bytes": a limit as the messages show it.
std::string size_words(std::uint64_t bytes);

/// An input file opened for reading after the checks above. Not copyable; closes on
/// destruction.
class InputFile {
 public:
  InputFile(const std::string& path, const InputKind& kind);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// The size fstat gave when it was opened.
  std::uint64_t size() const { return size_; }
  /// Reads up to `n` bytes (0 at the end); DataError when the file has grown past its limit
  /// since it was opened, NoInputError on a read error.
  std::size_t read(char* buf, std::size_t n);
  /// The rest of the file.
  std::string read_all();

 private:
  std::string path_;
  InputKind kind_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t done_ = 0;
};

/// The whole of `path`, checked as InputFile does: the one reader of whole files. NoInputError
/// "PATH: no such file" (exit 66) when it does not exist.
std::string read_input(const std::string& path, const InputKind& kind);

/// read_input, but nullopt when `path` does not exist, for callers that say so in words of
/// their own ("no such template"); every other refusal throws as read_input does.
std::optional<std::string> read_input_if_present(const std::string& path, const InputKind& kind);

/// A refusal's reason without its leading "PATH: " ("is a folder, not a file"), for a caller
/// that reports it as a diagnostic of its own about `path`; the whole message when it does not
/// start with that path.
std::string refusal_reason(const Error& e, const std::string& path);

/// Checks `path` as InputFile does without reading it: for files another library opens by
/// name (fonts, given to fontconfig). Throws as InputFile does.
void check_input(const std::string& path, const InputKind& kind);

}  // namespace balint::core
