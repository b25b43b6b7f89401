#pragma once
// PDF documents from templates: any script (Pango shapes, reorders and falls back between
// fonts; Cairo embeds subsets), a refusal naming any character no installed font has,
// byte-identical for identical inputs, with the document information written so that a
// verifier can read it back.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/pdf/template.hpp"

namespace balint::pdf {

/// The document information dictionary. The creation date is the one given (never the
/// clock), so output is deterministic.
struct Meta {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;  ///< e.g. the signed verification token; readable with find_info_string
  std::string creator = "balint-ledger";
  std::string date;  ///< "YYYY-MM-DD", the creation date; empty: 2000-01-01
};

/// One page per element of `pages`, each laid out from `t` with its fields; the PDF's bytes.
/// DataError names any character no font of the template covers, and any missing field.
std::string render_pages(const Template& t, const std::vector<Fields>& pages, const Meta& meta);

/// Renders many separate one-page documents from one template, reusing what does not change
/// between them (fonts, decoded images). Not thread-safe.
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

/// The largest PDF find_info_string reads.
inline constexpr std::size_t kMaxPdfBytes = 64 << 20;

/// The value of `key` ("Keywords", "Title", ...) in a PDF's document information dictionary,
/// as UTF-8, read with libqpdf; nullopt when there is none. DataError when the bytes are not a
/// PDF qpdf can read (or are larger than kMaxPdfBytes).
std::optional<std::string> find_info_string(std::string_view pdf_bytes, std::string_view key);

/// The characters of `text` that no font of `t` (nor any installed font) can draw, in the
/// regular or the bold face, each once; empty when it can all be printed.
std::vector<char32_t> undrawable(const Template& t, std::string_view text);
/// "cannot print '𪚥' (U+2A6A5): no installed font has it (Debian package ... has a font for
/// it)": why one character of undrawable() cannot be printed.
std::string undrawable_reason(char32_t cp);
/// `text` with each character no font can draw replaced by U+FFFD (drawn as a visible mark).
std::string with_replacement_marks(const Template& t, std::string_view text);

}  // namespace balint::pdf
