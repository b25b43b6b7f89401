// Fuzzes what `balint verify FILE.pdf` reads from the file: the PDF's document information
// through libqpdf (pdf::find_info_string), the tokens found in the Keywords and in the raw
// bytes (cert::find_tokens), and each token decoded and checked against a public key.
//
// A file may be refused only with our own errors (core::Error): qpdf's exceptions (damaged
// files, nesting deeper than its limit) must be turned into a DataError, never escape, and
// nothing may crash, leak or hang on deep nesting or huge objects.
#include <cstddef>
#include <cstdint>
#include <string>

#include "balint/cert/keys.hpp"
#include "balint/cert/payload.hpp"
#include "balint/cert/verify.hpp"
#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/pdf/render.hpp"
#include "fuzz_common.hpp"

using namespace balint;

namespace {

const std::vector<cert::PublicKey>& keys() {
  static const std::vector<cert::PublicKey> k{cert::generate_key_pair().public_key};
  return k;
}

void verify(std::string_view bytes) {
  std::vector<std::string> tokens;
  try {
    std::string keywords = pdf::find_info_string(bytes, "Keywords").value_or("");
    for (const auto& word : core::split(keywords, ' '))
      if (word.rfind(cert::kTokenPrefix, 0) == 0) tokens.push_back(word);
  } catch (const core::Error&) {
  }
  for (auto& t : cert::find_tokens(bytes)) tokens.push_back(std::move(t));
  for (const auto& t : tokens)
    (void)cert::check_token(t, keys(), "the fuzz key", nullptr, std::nullopt);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    verify({reinterpret_cast<const char*>(data), size});
  } catch (const core::Error&) {
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("verify", &e);
  }
  return 0;
}
