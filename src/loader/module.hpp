#pragma once
#include "balint/loader/abi.hpp"

namespace balint::loader {

/// The PDF engine's functions, loading balint-pdf.so on first use (thread-safe). Throws
/// core::InternalError (exit 70) when the module is missing, unloadable or from another build.
const PdfCalls& pdf_calls();

}  // namespace balint::loader
