#include "balint/io/csv.hpp"

#include <csv.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <ostream>
#include <utility>

#include "balint/core/error.hpp"

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

// Feeds libcsv one physical line at a time, so each record knows the line it starts on.
// Records are handed to `on_record` after libcsv returns: no exception crosses C code.
class LineParser {
 public:
  LineParser(const std::string& name, const std::function<void(const CsvRecord&)>& on_record)
      : name_(name), on_record_(on_record) {
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

void read_csv(const std::string& path,
              const std::function<void(const CsvRecord&)>& on_record) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) throw core::NoInputError(path + ": cannot open: " + std::strerror(errno));
  LineParser parser(path, on_record);
  std::string buf;  // an unfinished line carried over, then the next chunk
  bool first = true;
  while (true) {
    std::size_t carried = buf.size();
    buf.resize(carried + kChunk);
    std::size_t got = std::fread(buf.data() + carried, 1, kChunk, file.get());
    buf.resize(carried + got);
    if (got == 0) break;
    std::string_view text = buf;
    if (first) text = without_bom(text);
    first = false;
    std::string_view rest = feed_lines(parser, text);
    buf.erase(0, buf.size() - rest.size());
  }
  if (std::ferror(file.get()))
    throw core::NoInputError(path + ": cannot read: " + std::strerror(errno));
  if (!buf.empty()) parser.feed_line(buf);
  parser.finish();
}

void parse_csv(std::string_view text, const std::string& name,
               const std::function<void(const CsvRecord&)>& on_record) {
  LineParser parser(name, on_record);
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

bool is_neutralised_formula(std::string_view s) { return s.size() >= 2 && s[0] == '\'' && starts_formula(s.substr(1)); }

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
