// Certificates with balint's PDF module: N separate one-page files, or one N-page file.
// Usage: bench_pdf separate|combined N OUT_DIR TEMPLATE
// (TEMPLATE: templates/certificate-cpd.toml, or bench/pdf/minimal.toml for the page of
// haru_minimal.cpp)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "balint/pdf/render.hpp"
#include "balint/report/placeholders.hpp"
#include "names.hpp"

using namespace balint;

namespace {

pdf::Fields fields(const std::string& name, int i) {
  char serial[32];
  std::snprintf(serial, sizeof serial, "CPD-2026-%06d", i + 1);
  return {{"name", name},
          {"issuer", "The Balint Society (UK)"},
          {"registration", ""},
          {"caps", "No cap reduced these credits."},
          {"title", "CPD in Balint work"},
          {"body", "The Balint Society (UK)"},
          {"edition", "2024 guidance"},
          {"from", "2025-01-01"},
          {"to", "2025-12-31"},
          {"hours", "19.50"},
          {"credits", "18.00"},
          {"issued", "2026-01-15"},
          {"serial", serial},
          {"code", "7KQF-2M9X-WPAB"},
          {"verify_payload", std::string("BLC1.eyJraW5kIjoiY3BkIiwic2VyaWFsIjoi") + serial +
                                 ".c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl"},
          {"signatory", "Dr Helen Barker"},
          {"signatory_role", "Secretary, CPD committee"}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: bench_pdf separate|combined N OUT_DIR TEMPLATE\n");
    return 2;
  }
  const std::string mode = argv[1], out = argv[3], file = argv[4];
  const int n = std::stoi(argv[2]);
  auto start = std::chrono::steady_clock::now();
  auto tpl = pdf::load_template(file, report::certificate_placeholders());
  auto names = bench::names(n);
  std::size_t bytes = 0;
  if (mode == "separate") {
    pdf::CertificateRenderer renderer(std::move(tpl));
    for (int i = 0; i < n; ++i) {
      auto f = fields(names[static_cast<std::size_t>(i)], i);
      pdf::Meta meta{"CPD certificate " + f["serial"],
                     "The Balint Society (UK)",
                     "Certificate of CPD hours",
                     f["verify_payload"],
                     "balint-ledger",
                     "2026-01-15"};
      std::string pdf = renderer.render(f, meta);
      bytes += pdf.size();
      std::ofstream(out + "/cert-" + std::to_string(i + 1) + ".pdf", std::ios::binary) << pdf;
    }
  } else {
    std::vector<pdf::Fields> pages;
    for (int i = 0; i < n; ++i) pages.push_back(fields(names[static_cast<std::size_t>(i)], i));
    pdf::Meta meta{"CPD certificates",
                   "The Balint Society (UK)",
                   "Certificates of CPD hours",
                   "",
                   "balint-ledger",
                   "2026-01-15"};
    std::string pdf = pdf::render_pages(tpl, pages, meta);
    bytes = pdf.size();
    std::ofstream(out + "/combined.pdf", std::ios::binary) << pdf;
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.1f ms %zu bytes\n", ms, bytes);
  return 0;
}
