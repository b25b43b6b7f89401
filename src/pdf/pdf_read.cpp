// Reading a document information string back from a PDF, for the verifier, through libqpdf:
// object streams, cross-reference streams, linearised and incrementally updated files.
// qpdf 11: we use no PointerHolder (std::shared_ptr throughout).
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <fmt/core.h>

#include <cstring>
#include <exception>

#include "balint/core/error.hpp"
#include "balint/pdf/render.hpp"

namespace balint::pdf {
namespace {
constexpr const char* kName = "pdf";  // qpdf's name for the input, which starts its messages
}  // namespace

std::optional<std::string> find_info_string(std::string_view pdf_bytes, std::string_view key) {
  if (pdf_bytes.size() > kMaxPdfBytes)
    throw core::DataError(fmt::format("the file has {} bytes; a PDF to verify may have at most {}",
                                      pdf_bytes.size(), kMaxPdfBytes));
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile(kName, pdf_bytes.data(), pdf_bytes.size());
    QPDFObjectHandle info = q.getTrailer().getKey("/Info");
    if (!info.isDictionary()) return std::nullopt;
    QPDFObjectHandle value = info.getKey("/" + std::string(key));
    if (!value.isString()) return std::nullopt;
    return value.getUTF8Value();
  } catch (const std::exception& e) {
    // qpdf refuses what it cannot read (damaged beyond repair, nesting too deep) with an
    // exception; its text names the problem.
    std::string_view what = e.what();
    if (what.rfind(std::string(kName) + ": ", 0) == 0) what.remove_prefix(std::strlen(kName) + 2);
    throw core::DataError(fmt::format("not a readable PDF: {}", what));
  }
}

}  // namespace balint::pdf
