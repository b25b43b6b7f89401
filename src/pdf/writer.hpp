#pragma once
// Private to pdf: turns a laid-out Document into PDF bytes (libharu, then repack).
#include <memory>
#include <string>

#include "display.hpp"

namespace balint::pdf::detail {

class Repacker;

/// Writes documents; keeps scratch font files and the deflate state between documents.
class Writer {
 public:
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  /// The PDF of `doc`; equal documents give equal bytes.
  std::string write(const Document& doc);

 private:
  struct Scratch;
  std::vector<std::unique_ptr<Scratch>> scratch_;  // one font file per font of a document
  std::unique_ptr<Repacker> repack_;
};

}  // namespace balint::pdf::detail
