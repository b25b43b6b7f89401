#pragma once
// PDF documents from templates: any script (embedded TrueType subsets, fallback fonts, a
// refusal naming any character no font has), byte-identical for identical inputs, with the
// document information written so that a verifier can read it back.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/pdf/template.hpp"

namespace balint::pdf {

/// The document information dictionary; no dates are written, so output is deterministic.
struct Meta {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;  ///< e.g. the signed verification token; readable with find_info_string
  std::string creator = "balint-ledger";
};

/// One page per element of `pages`, each laid out from `t` with its fields; the PDF's bytes.
/// DataError names any character no font of the template covers, and any missing field.
std::string render_pages(const Template& t, const std::vector<Fields>& pages, const Meta& meta);

/// Renders many separate one-page documents from one template, reusing what does not change
/// between them (scratch files, compressed images, the deflate state). Not thread-safe.
class CertificateRenderer {
 public:
  explicit CertificateRenderer(Template t);
  ~CertificateRenderer();
  CertificateRenderer(const CertificateRenderer&) = delete;
  CertificateRenderer& operator=(const CertificateRenderer&) = delete;

  /// One single-page PDF; the same fields and meta always give the same bytes.
  std::string render(const Fields& fields, const Meta& meta);
  const Template& layout() const { return template_; }

 private:
  struct State;
  Template template_;
  std::unique_ptr<State> state_;
};

/// The value of `key` ("Keywords", "Title", ...) in the last document information dictionary
/// of a PDF, decoded from a literal or hex string (escapes, UTF-16BE and PDFDocEncoding) to
/// UTF-8; nullopt when there is none (e.g. compressed into an object stream).
std::optional<std::string> find_info_string(std::string_view pdf_bytes, std::string_view key);

}  // namespace balint::pdf
