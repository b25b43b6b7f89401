#pragma once
// Helpers for the pdf tests: temporary files and poppler's command-line tools.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "balint/pdf/render.hpp"

namespace pdftest {

inline const std::string kTemplates = std::string(BALINT_SOURCE_DIR) + "/templates";

/// A folder removed (with its files) at the end of the test.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/balint-pdf-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `content` to NAME in the folder; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::string path_;
};

/// The standard output of a shell command, then its standard error (so that a warning from
/// poppler or qpdf shows up in what a test checks).
inline std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  pclose(p);
  return out;
}

/// Text of a PDF's bytes through pdftotext (layout mode off, UTF-8).
inline std::string pdftotext(const TempDir& dir, const std::string& pdf) {
  std::string path = dir.write("text.pdf", pdf);
  return run("pdftotext -enc UTF-8 '" + path + "' -");
}

inline std::string pdfinfo(const TempDir& dir, const std::string& pdf) {
  return run("pdfinfo '" + dir.write("info.pdf", pdf) + "'");
}

inline std::string pdffonts(const TempDir& dir, const std::string& pdf) {
  return run("pdffonts '" + dir.write("fonts.pdf", pdf) + "'");
}

/// The value of "Key:" in pdfinfo's output.
inline std::string info_field(const std::string& info, const std::string& key) {
  std::istringstream lines(info);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(key + ":", 0) == 0) {
      auto v = line.substr(key.size() + 1);
      return v.substr(v.find_first_not_of(' '));
    }
  return "";
}

/// A page drawn by `pdftoppm -gray` (binary PGM, P5, maxval 255).
struct Gray {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;  // row by row, 0 black .. 255 white
  /// Pixels darker than mid-grey.
  std::size_t ink() const {
    std::size_t n = 0;
    for (unsigned char p : pixels) n += p < 128;
    return n;
  }
};

/// Reads a PGM written by pdftoppm; an empty Gray when the file is missing or not P5/255.
inline Gray read_pgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int w = 0, h = 0, maxval = 0;
  if (!(in >> magic >> w >> h >> maxval) || magic != "P5" || maxval != 255 || w <= 0 || h <= 0)
    return {};
  in.get();  // the one whitespace byte after maxval
  Gray g{w, h,
         std::vector<unsigned char>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  if (!in.read(reinterpret_cast<char*>(g.pixels.data()),
               static_cast<std::streamsize>(g.pixels.size())))
    return {};
  return g;
}

/// Fields for the shipped certificate templates.
inline balint::pdf::Fields cert_fields(const std::string& name) {
  return {{"name", name},
          {"issuer", "The Balint Society (UK)"},
          {"caps", "The cap of 6 credits a day removed 2.00 credits on 2025-06-14."},
          {"registration", "GMC 1234567"},
          {"title", "CPD in Balint work"},
          {"body", "The Balint Society (UK)"},
          {"edition", "2024 guidance"},
          {"ruleset", "cpd-uk"},
          {"from", "2025-01-01"},
          {"to", "2025-12-31"},
          {"period", "2025"},
          {"hours", "19.50"},
          {"credits", "18.00"},
          {"issued", "2026-01-15"},
          {"serial", "CPD-2026-000123"},
          {"code", "7KQF-2M9X-WPAB"},
          {"verify_payload", "BLC1.eyJraW5kIjoiY3BkIn0.c2lnbmF0dXJl"},
          {"verify_url", "https://example.org/verify"},
          {"signatory", "Dr Helen Barker"},
          {"signatory_role", "Secretary, CPD committee"}};
}

}  // namespace pdftest
