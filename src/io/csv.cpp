#include "balint/io/csv.hpp"

#include <csv.h>
#include <fmt/core.h>
#include <iconv.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <ostream>
#include <utility>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"

namespace balint::io {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

constexpr std::string_view kBadQuote =
    "malformed CSV quoting (a field containing '\"' must be in quotes with each '\"' doubled, "
    "e.g. \"say \"\"hi\"\"\")";
constexpr std::string_view kUnclosedQuote =
    "malformed CSV quoting (a quoted field starting here is never closed; a closing '\"' is "
    "missing)";

// RFC 4180 keeps spaces: callers trim, libcsv must not.
int no_space(unsigned char) { return 0; }

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r\n") == line.npos; }

[[noreturn]] void throw_at(const std::string& name, int line, std::string_view what) {
  throw core::DataError(std::vector<core::Diagnostic>{{name, line, 0, std::string(what)}});
}

// The separator of a header line: whichever of , ; and tab is found most often outside
// quotes; ',' when none is (a one-column file).
char detect_separator(std::string_view line) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

// What to do about a line that is not UTF-8: "it looks like ...: give --encoding ...". Greek in
// Windows-1253 is words of bytes above 0x7F one after another; Western European text in
// Windows-1252 has them one at a time between ASCII letters; UTF-16 without a byte-order mark
// has a NUL byte beside most characters. Control characters other than tab and CR mean the
// file is not text at all (a workbook, an image, an archive). Runs of high bytes are counted
// from `from`, the first byte that is not UTF-8 (characters before it read as UTF-8).
std::string guess_encoding(std::string_view line, std::size_t from) {
  std::size_t high = 0, in_runs = 0, nul = 0, control = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto b = static_cast<unsigned char>(line[i]);
    if (b == 0) ++nul;
    if ((b > 0 && b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) ++control;
    if (b < 0x80 || i < from) continue;
    ++high;
    bool before = i > from && static_cast<unsigned char>(line[i - 1]) >= 0x80;
    bool after = i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) >= 0x80;
    if (before || after) ++in_runs;
  }
  if (control == 0 && nul * 3 >= line.size())
    return "it looks like UTF-16 without a byte-order mark: give --encoding utf-16le (or "
           "utf-16be), or save the file as UTF-8";
  if (control > 0 || nul > 0)
    return "it is not a text file (a workbook such as .xlsx or .ods, or another binary file?): "
           "save it from the spreadsheet as CSV";
  if (high > 0 && in_runs * 2 >= high)
    return "it looks like Windows-1253 (Greek): give --encoding windows-1253 (or the encoding "
           "it was saved in), or save the file as UTF-8";
  return "it looks like Windows-1252 (Western European): give --encoding windows-1252 (or the "
         "encoding it was saved in), or save the file as UTF-8";
}

// Feeds libcsv one physical line at a time, so each record knows the line it starts on.
// Records are handed to `on_record` after libcsv returns: no exception crosses C code.
class LineParser {
 public:
  LineParser(const std::string& name, CsvFormat& format,
             const std::function<void(const CsvRecord&)>& on_record)
      : name_(name), format_(format), on_record_(on_record) {
    csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_space_func(&parser_, no_space);
    // libcsv grows its field buffer by this much at a time (128 bytes by default): a 10 MB
    // field then costs 80,000 reallocs, quadratic where realloc cannot grow in place.
    csv_set_blk_size(&parser_, 64 * 1024);
  }
  ~LineParser() { csv_free(&parser_); }
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;

  // One physical line with its '\n' (the last line of a file may lack it).
  void feed_line(std::string_view line) {
    ++line_;
    if (!in_record_) {
      if (blank(line)) return;
      in_record_ = true;
      current_.line = line_;
    }
    if (format_.check_utf8 && !core::valid_utf8(line)) not_utf8(line);
    if (!separator_set_) {  // the header's first line
      if (format_.separator == 0) format_.separator = detect_separator(line);
      csv_set_delim(&parser_, static_cast<unsigned char>(format_.separator));
      separator_set_ = true;
    }
    std::size_t used = csv_parse(&parser_, line.data(), line.size(), on_field, on_row, this);
    rethrow();
    if (used != line.size()) fail_parse();
    flush();
  }

  void finish() {
    int rc = csv_fini(&parser_, on_field, on_row, this);
    rethrow();
    if (rc != 0) {
      if (csv_error(&parser_) == CSV_EPARSE) throw_at(name_, current_.line, kUnclosedQuote);
      fail_parse();
    }
    flush();
  }

 private:
  static void on_field(void* data, std::size_t len, void* self) noexcept {
    auto* p = static_cast<LineParser*>(self);
    try {
      if (!p->in_record_) {  // a record after a lone CR on the same line
        p->in_record_ = true;
        p->current_.line = p->line_;
      }
      p->current_.fields.emplace_back(len ? static_cast<const char*>(data) : "", len);
    } catch (...) {
      p->error_ = std::current_exception();
    }
  }

  static void on_row(int /*terminator*/, void* self) noexcept {
    auto* p = static_cast<LineParser*>(self);
    try {
      std::size_t width = p->current_.fields.size();
      p->done_.push_back(std::move(p->current_));
      p->current_.fields.clear();
      p->current_.fields.reserve(width);
      p->in_record_ = false;
    } catch (...) {
      p->error_ = std::current_exception();
    }
  }

  [[noreturn]] void not_utf8(std::string_view line) const {
    // The first byte of the first sequence that is not UTF-8.
    std::size_t at = std::min(core::utf8_error_at(line), line.size() - 1);
    unsigned byte = static_cast<unsigned char>(line[at]);
    throw_at(name_, line_,
             fmt::format("not UTF-8 text (byte 0x{:02X}); {}", byte, guess_encoding(line, at)));
  }

  void rethrow() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  [[noreturn]] void fail_parse() const {
    int err = csv_error(const_cast<csv_parser*>(&parser_));
    if (err == CSV_EPARSE) throw_at(name_, current_.line, kBadQuote);
    if (err == CSV_ENOMEM) throw std::bad_alloc();
    throw_at(name_, current_.line, std::string("cannot read CSV: ") + csv_strerror(err));
  }

  void flush() {
    for (const auto& rec : done_) on_record_(rec);
    done_.clear();
  }

  csv_parser parser_{};
  const std::string& name_;
  CsvFormat& format_;
  bool separator_set_ = false;
  const std::function<void(const CsvRecord&)>& on_record_;
  int line_ = 0;  // the physical line being fed
  bool in_record_ = false;
  CsvRecord current_;
  std::vector<CsvRecord> done_;
  std::exception_ptr error_;
};

// Feeds every complete line of `text`; returns the unfinished last line.
std::string_view feed_lines(LineParser& parser, std::string_view text) {
  std::size_t start = 0;
  for (auto nl = text.find('\n'); nl != text.npos; nl = text.find('\n', start)) {
    parser.feed_line(text.substr(start, nl + 1 - start));
    start = nl + 1;
  }
  return text.substr(start);
}

std::string_view without_bom(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

namespace {

// Turns the bytes of a file in another encoding into UTF-8, chunk by chunk (a character cut
// at the end of a chunk is kept for the next one).
class Decoder {
 public:
  Decoder(const std::string& file, const std::string& encoding, std::string shown)
      : file_(file), shown_(std::move(shown)) {
    cd_ = iconv_open("UTF-8", encoding.c_str());
    if (cd_ == reinterpret_cast<iconv_t>(-1))
      throw core::UsageError(
          fmt::format("--encoding: '{}' is not an encoding iconv knows", core::excerpt(shown_)));
  }
  ~Decoder() { iconv_close(cd_); }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Appends the UTF-8 of `in` (after what was left over) to `out`.
  void decode(std::string_view in, std::string& out, bool last) {
    pending_.append(in);
    char* src = pending_.data();
    std::size_t left = pending_.size();
    char buf[16384];
    while (left > 0) {
      char* dst = buf;
      std::size_t room = sizeof buf;
      std::size_t rc = iconv(cd_, &src, &left, &dst, &room);
      int err = errno;
      std::string_view done(buf, sizeof buf - room);
      lines_ += static_cast<int>(std::count(done.begin(), done.end(), '\n'));
      out.append(done);
      if (rc != static_cast<std::size_t>(-1)) continue;
      if (err == E2BIG) continue;
      if (err == EINVAL && !last) break;  // a character cut by the chunk's end
      if (err == EILSEQ)
        throw_at(file_, lines_ + 1,
                 fmt::format("byte 0x{:02X} is not a character in {} (is that the file's "
                             "encoding?)",
                             static_cast<unsigned>(static_cast<unsigned char>(*src)), shown_));
      throw_at(file_, lines_ + 1, fmt::format("the file ends inside a character of {}", shown_));
    }
    pending_.erase(0, pending_.size() - left);
  }

 private:
  const std::string& file_;
  std::string shown_;
  iconv_t cd_;
  std::string pending_;
  int lines_ = 0;
};

constexpr std::string_view kUtf16Le = "\xFF\xFE";
constexpr std::string_view kUtf16Be = "\xFE\xFF";

bool is_utf8_name(std::string_view name) {
  std::string n;
  for (char c : name)
    if (c != '-' && c != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return n == "utf8";
}

}  // namespace

std::string iconv_encoding(std::string_view name) {
  std::string n;
  for (char c : name) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // glibc knows LATIN1 .. LATIN10 and ISO-8859-N; "latin-1" is how people write it.
  if (n.size() > 6 && n.compare(0, 6, "LATIN-") == 0) n.erase(5, 1);
  if (n.empty() || n.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") != n.npos)
    throw core::UsageError(
        fmt::format("--encoding: '{}' is not an encoding name such as "
                    "windows-1253, windows-1252, latin-1 or utf-16",
                    core::excerpt(name)));
  iconv_t cd = iconv_open("UTF-8", n.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw core::UsageError(
        fmt::format("--encoding: '{}' is not an encoding iconv knows (such "
                    "as windows-1253, windows-1252, latin-1 or utf-16; "
                    "'iconv -l' lists them)",
                    core::excerpt(name)));
  iconv_close(cd);
  return n;
}

void read_csv(const std::string& path, const std::function<void(const CsvRecord&)>& on_record) {
  CsvFormat format;
  format.separator = ',';
  format.check_utf8 = false;
  read_csv(path, format, on_record);
}

namespace {

// The reading shared by a file and bytes in memory: `read` fills a buffer and says how much it
// gave (0 at the end); `name` is used in messages.
void read_csv_from(const std::string& name, CsvFormat& format,
                   const std::function<std::size_t(char*, std::size_t)>& read,
                   const std::function<void(const CsvRecord&)>& on_record) {
  std::string encoding = format.encoding.empty() || is_utf8_name(format.encoding)
                             ? std::string{}
                             : iconv_encoding(format.encoding);
  std::optional<Decoder> decoder;
  LineParser parser(name, format, on_record);
  std::string buf;  // an unfinished line carried over, then the next chunk
  std::string raw;
  bool first = true;
  while (true) {
    raw.resize(kChunk);
    std::size_t got = read(raw.data(), kChunk);
    raw.resize(got);
    std::string_view in = raw;
    if (first) {
      // A byte-order mark says what the file is, whatever --encoding says.
      if (in.substr(0, kBom.size()) == kBom) {
        in.remove_prefix(kBom.size());
        encoding.clear();
      } else if (in.substr(0, 2) == kUtf16Le || in.substr(0, 2) == kUtf16Be) {
        encoding = in.substr(0, 2) == kUtf16Le ? "UTF-16LE" : "UTF-16BE";
        in.remove_prefix(2);
      }
      if (!encoding.empty()) {
        decoder.emplace(name, encoding,
                        format.encoding.empty() || encoding.rfind("UTF-16", 0) == 0
                            ? encoding
                            : format.encoding);
        format.check_utf8 = false;  // iconv's output is UTF-8
      }
      first = false;
    }
    if (decoder)
      decoder->decode(in, buf, got == 0);
    else
      buf.append(in);
    if (got == 0) break;
    std::string_view rest = feed_lines(parser, buf);
    buf.erase(0, buf.size() - rest.size());
  }
  std::string_view rest = feed_lines(parser, buf);
  if (!rest.empty()) parser.feed_line(rest);
  parser.finish();
}

}  // namespace

void read_csv(const std::string& path, CsvFormat& format,
              const std::function<void(const CsvRecord&)>& on_record) {
  // A regular file of at most 2 GB (core::kCsvInput), streamed: a FIFO or /dev/zero is refused
  // before anything is read.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw core::NoInputError(path + ": cannot open: " + std::strerror(errno));
  core::InputFile file(path, core::kCsvInput);
  read_csv_from(
      path, format, [&file](char* to, std::size_t n) { return file.read(to, n); }, on_record);
}

void read_csv_bytes(std::string_view bytes, const std::string& name, CsvFormat& format,
                    const std::function<void(const CsvRecord&)>& on_record) {
  read_csv_from(
      name, format,
      [&bytes](char* to, std::size_t n) {
        std::size_t got = std::min(n, bytes.size());
        bytes.copy(to, got);
        bytes.remove_prefix(got);
        return got;
      },
      on_record);
}

void parse_csv(std::string_view text, const std::string& name,
               const std::function<void(const CsvRecord&)>& on_record) {
  CsvFormat format;
  format.separator = ',';
  format.check_utf8 = false;
  LineParser parser(name, format, on_record);
  std::string_view rest = feed_lines(parser, without_bom(text));
  if (!rest.empty()) parser.feed_line(rest);
  parser.finish();
}

namespace {

// OWASP's rule against CSV injection: a cell that a spreadsheet would read as a formula (or as
// the start of one: tab and CR are stripped by some) gets a leading apostrophe, which makes it
// text. Import removes exactly that one apostrophe again (is_neutralised_formula).
bool starts_formula(std::string_view s) {
  return !s.empty() && std::string_view(kFormulaStarts).find(s.front()) != std::string_view::npos;
}

void append_field(std::string& out, std::string_view raw) {
  std::string neutralised;
  std::string_view s = raw;
  if (starts_formula(raw)) {
    neutralised = "'" + std::string(raw);
    s = neutralised;
  }
  bool quote = !s.empty() && (is_space(s.front()) || is_space(s.back()));
  for (std::size_t i = 0; i < s.size() && !quote; ++i)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

bool is_neutralised_formula(std::string_view s) {
  return s.size() >= 2 && s[0] == '\'' && starts_formula(s.substr(1));
}

std::string csv_field(std::string_view s) {
  std::string out;
  append_field(out, s);
  return out;
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
  // A lone empty field would be a blank line, which readers skip.
  if (fields.size() == 1 && fields[0].empty()) {
    out << "\"\"\n";
    return;
  }
  // The row put together first and written at once: one call into the stream, not two a field.
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    append_field(line, fields[i]);
  }
  line += '\n';
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

}  // namespace balint::io
