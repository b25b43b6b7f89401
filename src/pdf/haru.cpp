// The one file that talks to libharu. Every call's status is checked; libharu's error
// callback only records the error, and we throw from here after the call returns.
#include <fcntl.h>
#include <hpdf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cstdlib>
#include <map>
#include <set>

#include "balint/core/error.hpp"
#include "repack.hpp"
#include "text.hpp"
#include "writer.hpp"

namespace balint::pdf::detail {
namespace {

struct ErrorSlot {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) noexcept {
  auto* slot = static_cast<ErrorSlot*>(user);
  if (slot->error == HPDF_OK) {
    slot->error = error;
    slot->detail = detail;
  }
}

// One libharu document, freed on scope exit.
class Haru {
 public:
  Haru() {
    doc_ = HPDF_New(on_error, &err_);
    if (!doc_) throw core::InternalError("libharu: cannot create a document");
  }
  ~Haru() { HPDF_Free(doc_); }
  Haru(const Haru&) = delete;
  Haru& operator=(const Haru&) = delete;

  HPDF_Doc doc() const { return doc_; }

  /// Throws when `status` or the callback reports an error.
  void check(HPDF_STATUS status, std::string_view what) {
    if (status != HPDF_OK || err_.error != HPDF_OK) fail(status, what);
  }
  /// Throws when `handle` is null or the callback reports an error.
  template <class T>
  T need(T handle, std::string_view what) {
    if (!handle || err_.error != HPDF_OK) fail(HPDF_OK, what);
    return handle;
  }

 private:
  [[noreturn]] void fail(HPDF_STATUS status, std::string_view what) {
    HPDF_STATUS code = err_.error != HPDF_OK ? err_.error : status;
    HPDF_STATUS detail = err_.detail;
    HPDF_ResetError(doc_);
    err_ = {};
    throw core::InternalError(fmt::format("libharu: {} failed (error 0x{:04X}, detail {})", what,
                                          static_cast<unsigned>(code),
                                          static_cast<unsigned>(detail)));
  }

  ErrorSlot err_;
  HPDF_Doc doc_ = nullptr;
};

HPDF_REAL real(double v) { return static_cast<HPDF_REAL>(v); }
HPDF_REAL unit(std::uint8_t c) { return static_cast<HPDF_REAL>(c) / 255.0f; }

bool ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Draws one page's operations.
class PageDrawer {
 public:
  PageDrawer(Haru& h, HPDF_Page page, const std::vector<HPDF_Font>& fonts,
             const std::vector<HPDF_Image>& images)
      : h_(h), page_(page), fonts_(fonts), images_(images) {}

  void draw(const std::vector<Op>& ops) {
    for (const Op& op : ops) {
      if (const auto* t = std::get_if<TextOp>(&op)) {
        text(*t);
        continue;
      }
      end_text();
      std::visit([this](const auto& o) { shape(o); }, op);
    }
    end_text();
  }

 private:
  void fill(const Color& c) {
    h_.check(HPDF_Page_SetRGBFill(page_, unit(c.r), unit(c.g), unit(c.b)), "SetRGBFill");
  }
  void stroke(const Color& c, double width) {
    h_.check(HPDF_Page_SetRGBStroke(page_, unit(c.r), unit(c.g), unit(c.b)), "SetRGBStroke");
    h_.check(HPDF_Page_SetLineWidth(page_, real(width)), "SetLineWidth");
  }
  void text(const TextOp& t) {
    if (!in_text_) {
      h_.check(HPDF_Page_BeginText(page_), "BeginText");
      in_text_ = true;
      font_ = -1;
      size_ = -1;
    }
    if (t.font != font_ || t.size != size_) {
      h_.check(HPDF_Page_SetFontAndSize(page_, fonts_.at(static_cast<std::size_t>(t.font)),
                                        real(t.size)),
               "SetFontAndSize");
      font_ = t.font;
      size_ = t.size;
    }
    fill(t.color);
    h_.check(HPDF_Page_SetTextMatrix(page_, 1, 0, 0, 1, real(t.x), real(t.y)), "SetTextMatrix");
    h_.check(HPDF_Page_ShowText(page_, t.text.c_str()), "ShowText");
  }
  void end_text() {
    if (in_text_) h_.check(HPDF_Page_EndText(page_), "EndText");
    in_text_ = false;
  }
  void shape(const TextOp&) {}
  void shape(const LineOp& l) {
    stroke(l.color, l.width);
    h_.check(HPDF_Page_MoveTo(page_, real(l.x1), real(l.y1)), "MoveTo");
    h_.check(HPDF_Page_LineTo(page_, real(l.x2), real(l.y2)), "LineTo");
    h_.check(HPDF_Page_Stroke(page_), "Stroke");
  }
  void shape(const PolylineOp& p) {
    if (p.points.size() < 2) return;
    stroke(p.color, p.width);
    h_.check(HPDF_Page_SetLineJoin(page_, HPDF_ROUND_JOIN), "SetLineJoin");
    h_.check(HPDF_Page_MoveTo(page_, real(p.points[0].first), real(p.points[0].second)),
             "MoveTo");
    for (std::size_t i = 1; i < p.points.size(); ++i)
      h_.check(HPDF_Page_LineTo(page_, real(p.points[i].first), real(p.points[i].second)),
               "LineTo");
    h_.check(HPDF_Page_Stroke(page_), "Stroke");
    h_.check(HPDF_Page_SetLineJoin(page_, HPDF_MITER_JOIN), "SetLineJoin");
  }
  void shape(const RectOp& r) {
    if (r.fill) fill(*r.fill);
    if (r.stroke) stroke(*r.stroke, r.stroke_width);
    h_.check(HPDF_Page_Rectangle(page_, real(r.x), real(r.y), real(r.w), real(r.h)), "Rectangle");
    if (r.fill && r.stroke)
      h_.check(HPDF_Page_FillStroke(page_), "FillStroke");
    else if (r.fill)
      h_.check(HPDF_Page_Fill(page_), "Fill");
    else
      h_.check(HPDF_Page_Stroke(page_), "Stroke");
  }
  void shape(const FillRectsOp& f) {
    if (f.rects.empty()) return;
    fill(f.color);
    for (const auto& r : f.rects)
      h_.check(HPDF_Page_Rectangle(page_, real(r[0]), real(r[1]), real(r[2]), real(r[3])),
               "Rectangle");
    h_.check(HPDF_Page_Fill(page_), "Fill");
  }
  void shape(const ImageOp& i) {
    h_.check(HPDF_Page_DrawImage(page_, images_.at(static_cast<std::size_t>(i.image)), real(i.x),
                                 real(i.y), real(i.w), real(i.h)),
             "DrawImage");
  }

  Haru& h_;
  HPDF_Page page_;
  const std::vector<HPDF_Font>& fonts_;
  const std::vector<HPDF_Image>& images_;
  bool in_text_ = false;
  int font_ = -1;
  double size_ = -1;
};

void set_info(Haru& h, const Meta& meta) {
  const std::string producer = fmt::format("balint-ledger (libharu {})", HPDF_GetVersion());
  const std::vector<std::pair<HPDF_InfoType, std::string_view>> fields{
      {HPDF_INFO_PRODUCER, producer}, {HPDF_INFO_CREATOR, meta.creator},
      {HPDF_INFO_TITLE, meta.title},  {HPDF_INFO_AUTHOR, meta.author},
      {HPDF_INFO_SUBJECT, meta.subject}, {HPDF_INFO_KEYWORDS, meta.keywords}};
  // libharu writes a value as it was set with the current encoder: ASCII values first, with
  // none (plain literal strings a verifier can find in the bytes), then the others as
  // UTF-16BE through the UTF-8 encoder.
  for (bool pass_ascii : {true, false}) {
    if (!pass_ascii) h.check(HPDF_SetCurrentEncoder(h.doc(), "UTF-8"), "SetCurrentEncoder");
    for (const auto& [type, value] : fields) {
      if (value.empty() || ascii(value) != pass_ascii) continue;
      h.check(HPDF_SetInfoAttr(h.doc(), type, std::string(value).c_str()), "SetInfoAttr");
    }
  }
}

}  // namespace

// A font file libharu can open by name: a memfd (or an unlinked temporary file), reached
// through /proc/self/fd, rewritten for each document.
struct Writer::Scratch {
  int fd = -1;
  std::string path;

  Scratch() {
    fd = memfd_create("balint-font", MFD_CLOEXEC);
    if (fd < 0) {
      const char* tmp = std::getenv("TMPDIR");
      std::string name = fmt::format("{}/balint-font-XXXXXX", tmp && *tmp ? tmp : "/tmp");
      fd = mkstemp(name.data());
      if (fd >= 0) unlink(name.c_str());
    }
    if (fd < 0) throw core::WriteError("cannot create a scratch file for a font");
    path = fmt::format("/proc/self/fd/{}", fd);
  }
  ~Scratch() { close(fd); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  void write(std::string_view bytes) {
    if (ftruncate(fd, 0) != 0) throw core::WriteError("cannot rewrite a scratch font file");
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) throw core::WriteError("cannot write a scratch font file");
      done += static_cast<std::size_t>(n);
    }
  }
};

Writer::Writer() : repack_(std::make_unique<Repacker>()) {}
Writer::~Writer() = default;

std::string Writer::write(const Document& doc) {
  const Resources& res = *doc.resources;
  // The characters each font draws, to embed only those glyphs.
  std::map<int, std::set<char32_t>> used;
  std::set<int> images_used;
  for (const auto& page : doc.pages)
    for (const auto& op : page.ops) {
      if (const auto* t = std::get_if<TextOp>(&op)) {
        auto& set = used[t->font];
        for (char32_t c : decode_utf8(t->text)) set.insert(c);
      } else if (const auto* i = std::get_if<ImageOp>(&op)) {
        images_used.insert(i->image);
      }
    }

  Haru h;
  h.check(HPDF_SetCompressionMode(h.doc(), HPDF_COMP_NONE), "SetCompressionMode");
  h.check(HPDF_UseUTFEncodings(h.doc()), "UseUTFEncodings");
  set_info(h, doc.meta);

  std::vector<HPDF_Font> fonts(res.fonts.size(), nullptr);
  std::size_t slot = 0;
  for (const auto& [index, chars] : used) {
    if (slot == scratch_.size()) scratch_.push_back(std::make_unique<Scratch>());
    Scratch& file = *scratch_[slot++];
    file.write(res.fonts.at(static_cast<std::size_t>(index))->subset(chars));
    const char* name = h.need(HPDF_LoadTTFontFromFile(h.doc(), file.path.c_str(), HPDF_TRUE),
                              "LoadTTFontFromFile");
    HPDF_Font font = h.need(HPDF_GetFont(h.doc(), name, "UTF-8"), "GetFont");
    const char* encoding = h.need(HPDF_Font_GetEncodingName(font), "Font_GetEncodingName");
    if (std::string_view(encoding) != "UTF-8")
      throw core::InternalError(fmt::format("libharu gave font {} the encoding {}, not UTF-8",
                                            name, encoding));
    fonts[static_cast<std::size_t>(index)] = font;
  }
  std::vector<HPDF_Image> images(res.images.size(), nullptr);
  for (int index : images_used) {
    const auto& png = res.images.at(static_cast<std::size_t>(index)).bytes;
    images[static_cast<std::size_t>(index)] = h.need(
        HPDF_LoadPngImageFromMem(h.doc(), reinterpret_cast<const HPDF_BYTE*>(png.data()),
                                 static_cast<HPDF_UINT>(png.size())),
        "LoadPngImageFromMem");
  }

  for (const auto& p : doc.pages) {
    HPDF_Page page = h.need(HPDF_AddPage(h.doc()), "AddPage");
    h.check(HPDF_Page_SetWidth(page, real(p.width)), "Page_SetWidth");
    h.check(HPDF_Page_SetHeight(page, real(p.height)), "Page_SetHeight");
    PageDrawer(h, page, fonts, images).draw(p.ops);
  }

  h.check(HPDF_SaveToStream(h.doc()), "SaveToStream");
  HPDF_UINT32 size = HPDF_GetStreamSize(h.doc());
  std::string bytes(size, '\0');
  HPDF_UINT32 got = size;
  HPDF_STATUS read = HPDF_ReadFromStream(h.doc(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &got);
  if (read == HPDF_STREAM_EOF && got == size) {
    HPDF_ResetError(h.doc());
    read = HPDF_OK;
  }
  h.check(read, "ReadFromStream");
  if (got != size) throw core::InternalError("libharu: the saved document is cut short");
  return repack_->repack(bytes);
}

}  // namespace balint::pdf::detail
