// Reading a document information string back from a PDF's bytes, for the verifier.
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "balint/pdf/render.hpp"
#include "text.hpp"

namespace balint::pdf {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
bool is_delim(char c) { return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos; }

class Scanner {
 public:
  Scanner(std::string_view s, std::size_t pos) : s_(s), pos_(pos) {}
  std::size_t pos() const { return pos_; }
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }

  void skip_space() {
    while (!done()) {
      if (is_space(s_[pos_])) {
        ++pos_;
      } else if (s_[pos_] == '%') {
        while (!done() && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
      } else {
        return;
      }
    }
  }
  /// A name after its '/', with #xx escapes decoded.
  std::string name() {
    std::string out;
    ++pos_;
    while (!done() && !is_space(s_[pos_]) && !is_delim(s_[pos_])) {
      if (s_[pos_] == '#' && pos_ + 2 < s_.size() && hex_digit(s_[pos_ + 1]) >= 0 &&
          hex_digit(s_[pos_ + 2]) >= 0) {
        out += static_cast<char>(hex_digit(s_[pos_ + 1]) * 16 + hex_digit(s_[pos_ + 2]));
        pos_ += 3;
      } else {
        out += s_[pos_++];
      }
    }
    return out;
  }
  /// A literal string after its '(': escapes decoded, end-of-line markers made "\n".
  std::optional<std::string> literal() {
    std::string out;
    int depth = 1;
    ++pos_;
    while (!done()) {
      char c = s_[pos_++];
      if (c == '\\') {
        if (done()) return std::nullopt;
        char e = s_[pos_++];
        switch (e) {
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case '\r':
            if (peek() == '\n') ++pos_;
            break;
          case '\n': break;
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && peek() >= '0' && peek() <= '7'; ++k) v = v * 8 + (s_[pos_++] - '0');
              out += static_cast<char>(v & 0xFF);
            } else {
              out += e;  // \( \) \\ and unknown escapes: the character itself
            }
        }
      } else if (c == '(') {
        ++depth;
        out += c;
      } else if (c == ')') {
        if (--depth == 0) return out;
        out += c;
      } else if (c == '\r') {
        if (peek() == '\n') ++pos_;
        out += '\n';
      } else {
        out += c;
      }
    }
    return std::nullopt;
  }
  /// A hex string after its '<'.
  std::optional<std::string> hex() {
    std::string digits;
    ++pos_;
    while (!done() && s_[pos_] != '>') {
      char c = s_[pos_++];
      if (is_space(c)) continue;
      if (hex_digit(c) < 0) return std::nullopt;
      digits += c;
    }
    if (done()) return std::nullopt;
    ++pos_;
    if (digits.size() % 2) digits += '0';
    std::string out;
    for (std::size_t i = 0; i < digits.size(); i += 2)
      out += static_cast<char>(hex_digit(digits[i]) * 16 + hex_digit(digits[i + 1]));
    return out;
  }
  /// Skips one value of any kind; false when the input ends first.
  bool skip_value() {
    skip_space();
    char c = peek();
    if (c == '(') return literal().has_value();
    if (c == '<' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '<') return skip_container(">>");
    if (c == '<') return hex().has_value();
    if (c == '[') return skip_container("]");
    if (c == '/') {
      name();
      return true;
    }
    std::size_t start = pos_;
    while (!done() && !is_space(s_[pos_]) && !is_delim(s_[pos_])) ++pos_;
    if (pos_ == start) return false;
    // An indirect reference "N G R" is one value.
    std::size_t save = pos_;
    skip_space();
    std::size_t g = pos_;
    while (!done() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ > g) {
      skip_space();
      if (peek() == 'R') {
        ++pos_;
        return true;
      }
    }
    pos_ = save;
    return true;
  }
  /// An indirect reference "N G R": its number and generation.
  std::optional<std::pair<std::string, std::string>> reference() {
    auto digits = [this] {
      skip_space();
      std::size_t start = pos_;
      while (!done() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return std::string(s_.substr(start, pos_ - start));
    };
    std::string num = digits(), gen = digits();
    skip_space();
    if (num.empty() || gen.empty() || peek() != 'R') return std::nullopt;
    return std::make_pair(num, gen);
  }
  /// In a dictionary after its "<<": the string value of `key`, if it has one.
  std::optional<std::string> dict_string(std::string_view key) {
    for (;;) {
      skip_space();
      if (done()) return std::nullopt;
      if (s_.substr(pos_, 2) == ">>") return std::nullopt;
      if (peek() != '/') return std::nullopt;
      std::string k = name();
      skip_space();
      if (k == key) {
        if (peek() == '(') return literal();
        if (peek() == '<' && s_.substr(pos_, 2) != "<<") return hex();
        return std::nullopt;
      }
      if (!skip_value()) return std::nullopt;
    }
  }

 private:
  bool skip_container(std::string_view close) {
    pos_ += close == ">>" ? 2 : 1;
    for (;;) {
      skip_space();
      if (done()) return false;
      if (s_.substr(pos_, close.size()) == close) {
        pos_ += close.size();
        return true;
      }
      if (!skip_value()) return false;
    }
  }

  std::string_view s_;
  std::size_t pos_;
};

// PDFDocEncoding bytes 0x80..0xA0 (0x9F is undefined).
constexpr char32_t kDoc80[] = {
    0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
    0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
    0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC};
constexpr char32_t kDoc18[] = {0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC};

// A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding) as UTF-8.
std::string text_string(const std::string& b) {
  std::string out;
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE &&
      static_cast<unsigned char>(b[1]) == 0xFF) {
    for (std::size_t i = 2; i + 1 < b.size(); i += 2) {
      char32_t u = static_cast<unsigned char>(b[i]) << 8 | static_cast<unsigned char>(b[i + 1]);
      if (u >= 0xD800 && u < 0xDC00 && i + 3 < b.size()) {
        char32_t lo =
            static_cast<unsigned char>(b[i + 2]) << 8 | static_cast<unsigned char>(b[i + 3]);
        if (lo >= 0xDC00 && lo < 0xE000) {
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          i += 2;
        }
      }
      detail::append_utf8(out, u);
    }
    return out;
  }
  if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") return b.substr(3);
  for (unsigned char c : b) {
    char32_t u = c;
    if (c >= 0x18 && c <= 0x1F) u = kDoc18[c - 0x18];
    if (c >= 0x80 && c <= 0xA0) u = kDoc80[c - 0x80];
    if (c == 0xAD) u = 0xFFFD;
    detail::append_utf8(out, u);
  }
  return out;
}

// The offset just after "<<" of the dictionary of object `num gen`, last definition first.
std::optional<std::size_t> object_dict(std::string_view pdf, std::string_view num,
                                       std::string_view gen) {
  std::string head = std::string(num) + " " + std::string(gen) + " obj";
  std::size_t at = pdf.size();
  while ((at = pdf.rfind(head, at == 0 ? 0 : at - 1)) != std::string_view::npos) {
    if (at == 0 || is_space(pdf[at - 1])) {
      Scanner s(pdf, at + head.size());
      s.skip_space();
      if (pdf.substr(s.pos(), 2) == "<<") return s.pos() + 2;
    }
    if (at == 0) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> find_info_string(std::string_view pdf, std::string_view key) {
  // The last /Info reference (the trailer, or the newest one after incremental updates).
  std::size_t at = pdf.size();
  while (at > 0 && (at = pdf.rfind("/Info", at - 1)) != std::string_view::npos) {
    Scanner s(pdf, at + 5);
    if (!s.done() && !is_space(s.peek()) && !is_delim(s.peek())) continue;  // "/InfoX"
    auto ref = s.reference();
    if (!ref) continue;
    if (auto dict = object_dict(pdf, ref->first, ref->second)) {
      Scanner d(pdf, *dict);
      if (auto raw = d.dict_string(key)) return text_string(*raw);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace balint::pdf
