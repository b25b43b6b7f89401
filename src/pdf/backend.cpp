// The one file that talks to fontconfig, Pango and Cairo. Text is laid out the same way when
// it is measured and when it is drawn: one Pango context, metrics unhinted, sizes absolute.
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <fmt/core.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "engine.hpp"
#include "text.hpp"

namespace balint::pdf::detail {
namespace {

// Owners of GLib, Pango, Cairo and fontconfig objects.
template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
void unref(PangoLayout* l) { g_object_unref(l); }
using LayoutPtr = std::unique_ptr<PangoLayout, Deleter<PangoLayout, unref>>;
using DescPtr = std::unique_ptr<PangoFontDescription,
                                Deleter<PangoFontDescription, pango_font_description_free>>;
using SurfacePtr =
    std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
using FontSetPtr = std::unique_ptr<FcFontSet, Deleter<FcFontSet, FcFontSetDestroy>>;
using PatternPtr = std::unique_ptr<FcPattern, Deleter<FcPattern, FcPatternDestroy>>;

bool is_control(char32_t cp) {
  return (cp < 0x20 && cp != U'\n') || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

double points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

cairo_status_t append_bytes(void* out, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct PngSource {
  const std::string& bytes;
  std::size_t at = 0;
};

cairo_status_t read_png(void* source, unsigned char* data, unsigned int length) {
  auto* s = static_cast<PngSource*>(source);
  if (s->bytes.size() - s->at < length) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(s->bytes.data() + s->at, length, data);
  s->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// Every PDF Cairo writes deflates its streams, and zlib takes about 256 KB for each stream and
// gives it back at once. With glibc's default trim threshold (128 KB, raised only for mmap'd
// blocks) each free shrinks the heap with brk and the next stream grows it again and faults
// its pages in: about 30 brk calls and 130 page faults a certificate, 1.2 s of system time in
// 300 separate certificates (bench/pdf, issue 13). Keeping up to 16 MB of freed heap ends
// that; it changes no output. Set once, by the first text engine of the process.
void keep_freed_heap() {
#if defined(__GLIBC__)
  static const bool once = [] { return mallopt(M_TRIM_THRESHOLD, 16 << 20) == 1; }();
  (void)once;
#endif
}

// "2026-01-15" as the PDF's creation date; none given, the start of 2000 (never the clock).
std::string pdf_date(const std::string& iso) {
  return (iso.size() == 10 ? iso : std::string("2000-01-01")) + "T00:00:00Z";
}

}  // namespace

struct Shaped {
  explicit Shaped(PangoLayout* l) : layout(l) {}
  ~Shaped() { g_object_unref(layout); }
  Shaped(const Shaped&) = delete;
  Shaped& operator=(const Shaped&) = delete;
  PangoLayout* layout;  // owned
};

struct TextEngine::Impl {
  FcConfig* config = nullptr;  // owned; with the template's font files
  PangoFontMap* map = nullptr;
  PangoContext* context = nullptr;
  std::map<std::string, std::string> file_family;
  mutable std::map<int, SurfacePtr> images;  // decoded PNGs, by index into Resources::images
  // Ascent and descent by face (families, bold) and size: a template asks for them for every
  // text box of every page, and each answer costs a Pango layout.
  mutable std::map<std::tuple<std::string, bool, double>, std::pair<double, double>> metrics;

  ~Impl() {
    if (context) g_object_unref(context);
    if (map) g_object_unref(map);
    if (config) FcConfigDestroy(config);
  }

  FcConfig* fc() const { return config ? config : FcConfigGetCurrent(); }

  LayoutPtr layout(std::string_view text, const Face& face, double size, double width) const {
    LayoutPtr l(pango_layout_new(context));
    DescPtr d(pango_font_description_new());
    pango_font_description_set_family(d.get(), face.families.c_str());
    pango_font_description_set_weight(d.get(), face.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(d.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(l.get(), d.get());
    // Templates are laid out left to right; right-to-left runs are reordered inside lines.
    pango_layout_set_auto_dir(l.get(), FALSE);
    if (width > 0) {
      pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    return l;
  }

  cairo_surface_t* image(const Resources& res, int index) const {
    auto& slot = images[index];
    if (!slot) {
      PngSource src{res.images.at(static_cast<std::size_t>(index)).bytes};
      slot.reset(cairo_image_surface_create_from_png_stream(read_png, &src));
      if (cairo_surface_status(slot.get()) != CAIRO_STATUS_SUCCESS)
        throw core::DataError(
            fmt::format("image {}: not a readable PNG ({})", index + 1,
                        cairo_status_to_string(cairo_surface_status(slot.get()))));
    }
    return slot.get();
  }

  const std::pair<double, double>& ascent_descent(const Face& face, double size) const {
    auto [it, added] = metrics.try_emplace({face.families, face.bold, size});
    if (added) {
      LayoutPtr l = layout("Ag", face, size, 0);
      PangoRectangle logical;
      pango_layout_get_extents(l.get(), nullptr, &logical);
      const int baseline = pango_layout_get_baseline(l.get());
      it->second = {points(baseline), points(logical.height - baseline)};
    }
    return it->second;
  }
};

TextEngine::TextEngine(const std::vector<std::string>& files) : impl_(std::make_unique<Impl>()) {
  keep_freed_heap();
  if (!files.empty()) {
    impl_->config = FcInitLoadConfigAndFonts();
    for (const auto& f : files) {
      const auto* name = reinterpret_cast<const FcChar8*>(f.c_str());
      int count = 0;
      PatternPtr p(FcFreeTypeQuery(name, 0, nullptr, &count));
      FcChar8* family = nullptr;
      if (!p || FcPatternGetString(p.get(), FC_FAMILY, 0, &family) != FcResultMatch) continue;
      if (FcConfigAppFontAddFile(impl_->config, name))
        impl_->file_family[f] = reinterpret_cast<const char*>(family);
    }
  }
  impl_->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!impl_->map) throw core::InternalError("Pango: no fontconfig font map");
  if (impl_->config) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(impl_->map), impl_->config);
  impl_->context = pango_font_map_create_context(impl_->map);
  // The same layout at every size and on every device: no hinting, unrounded positions.
  cairo_font_options_t* o = cairo_font_options_create();
  cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(impl_->context, o);
  cairo_font_options_destroy(o);
  pango_context_set_round_glyph_positions(impl_->context, FALSE);
  pango_context_set_language(impl_->context, pango_language_from_string("en"));
}

TextEngine::~TextEngine() = default;

std::string TextEngine::family_of(const std::string& file) const {
  auto it = impl_->file_family.find(file);
  return it == impl_->file_family.end() ? "" : it->second;
}

std::vector<std::string> TextEngine::families() const {
  PatternPtr all(FcPatternCreate());
  FcObjectSet* os = FcObjectSetBuild(FC_FAMILY, nullptr);
  FontSetPtr fs(FcFontList(impl_->fc(), all.get(), os));
  FcObjectSetDestroy(os);
  std::set<std::string> names;
  for (int i = 0; fs && i < fs->nfont; ++i) {
    FcChar8* f = nullptr;
    if (FcPatternGetString(fs->fonts[i], FC_FAMILY, 0, &f) == FcResultMatch)
      names.insert(reinterpret_cast<const char*>(f));
  }
  return {names.begin(), names.end()};
}

bool TextEngine::has_family(const std::string& family) const {
  PatternPtr p(FcPatternCreate());
  FcPatternAddString(p.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcObjectSet* os = FcObjectSetBuild(FC_FAMILY, nullptr);
  FontSetPtr fs(FcFontList(impl_->fc(), p.get(), os));
  FcObjectSetDestroy(os);
  return fs && fs->nfont > 0;
}

Setting TextEngine::set(std::string_view text, const Face& face, double size, double width) const {
  Setting s;
  for (char32_t cp : decode_utf8(text))
    if (is_control(cp) && std::find(s.missing.begin(), s.missing.end(), cp) == s.missing.end())
      s.missing.push_back(cp);
  // Pango 1.50 shapes a paragraph twice when the layout has a width to wrap at, even when it
  // fits (bench/pdf: 2,173 shapings for 1,000 one-line boxes). Laid out without one first, a
  // paragraph whose lines all fit the width with room to spare is what wrapping would give,
  // shaped once; only one that comes close to the width or beyond it is laid out again,
  // wrapped.
  LayoutPtr l = impl_->layout(text, face, size, 0);
  if (width > 0) {
    PangoRectangle logical;
    pango_layout_get_extents(l.get(), nullptr, &logical);
    if (logical.x != 0 || logical.width > static_cast<int>(width * PANGO_SCALE) - PANGO_SCALE / 8)
      l = impl_->layout(text, face, size, width);
  }
  for (GSList* ls = pango_layout_get_lines_readonly(l.get()); ls; ls = ls->next) {
    auto* line = static_cast<PangoLayoutLine*>(ls->data);
    PangoRectangle logical;
    pango_layout_line_get_extents(line, nullptr, &logical);
    s.width = std::max(s.width, points(logical.width));
    ++s.lines;
    for (GSList* r = line->runs; r; r = r->next) {
      const auto* run = static_cast<PangoGlyphItem*>(r->data);
      const PangoGlyphString* g = run->glyphs;
      for (int i = 0; i < g->num_glyphs; ++i) {
        PangoGlyph glyph = g->glyphs[i].glyph;
        if (glyph != 0 && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
        const char* at = text.data() + run->item->offset + g->log_clusters[i];
        auto cp = static_cast<char32_t>(g_utf8_get_char(at));
        if (std::find(s.missing.begin(), s.missing.end(), cp) == s.missing.end())
          s.missing.push_back(cp);
      }
    }
  }
  s.shaped = std::make_shared<const Shaped>(l.get());
  (void)l.release();  // now owned by s.shaped
  return s;
}

double TextEngine::ascent(const Face& face, double size) const {
  return impl_->ascent_descent(face, size).first;
}

double TextEngine::descent(const Face& face, double size) const {
  return impl_->ascent_descent(face, size).second;
}

namespace {

void rgb(cairo_t* cr, const Color& c) {
  cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

// Draws one page's operations; y is flipped (Cairo's origin is the top-left corner).
class PageDrawer {
 public:
  PageDrawer(cairo_t* cr, const TextEngine::Impl& e, const Resources& res, double height)
      : cr_(cr), e_(e), res_(res), h_(height) {}

  void operator()(const TextOp& t) {
    LayoutPtr fresh;
    PangoLayout* l = t.shaped ? t.shaped->layout : nullptr;
    if (!l) {
      fresh = e_.layout(t.text, res_.faces.at(static_cast<std::size_t>(t.face)), t.size,
                        t.wrap ? t.width : 0);
      l = fresh.get();
    }
    rgb(cr_, t.color);
    double baseline = t.baseline;
    for (GSList* ls = pango_layout_get_lines_readonly(l); ls; ls = ls->next) {
      auto* line = static_cast<PangoLayoutLine*>(ls->data);
      PangoRectangle logical;
      pango_layout_line_get_extents(line, nullptr, &logical);
      double spare = t.width - points(logical.width);
      double x = t.x - points(logical.x);
      if (t.align == Align::center) x += spare / 2;
      if (t.align == Align::right) x += spare;
      cairo_move_to(cr_, x, h_ - baseline);
      pango_cairo_show_layout_line(cr_, line);
      baseline -= t.line_height;
    }
  }
  void operator()(const LineOp& l) {
    stroke_style(l.color, l.width);
    cairo_move_to(cr_, l.x1, h_ - l.y1);
    cairo_line_to(cr_, l.x2, h_ - l.y2);
    cairo_stroke(cr_);
  }
  void operator()(const PolylineOp& p) {
    if (p.points.size() < 2) return;
    stroke_style(p.color, p.width);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr_, p.points[0].first, h_ - p.points[0].second);
    for (std::size_t i = 1; i < p.points.size(); ++i)
      cairo_line_to(cr_, p.points[i].first, h_ - p.points[i].second);
    cairo_stroke(cr_);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_MITER);
  }
  void operator()(const RectOp& r) {
    cairo_rectangle(cr_, r.x, h_ - r.y - r.h, r.w, r.h);
    if (r.fill) {
      rgb(cr_, *r.fill);
      r.stroke ? cairo_fill_preserve(cr_) : cairo_fill(cr_);
    }
    if (r.stroke) {
      stroke_style(*r.stroke, r.stroke_width);
      cairo_stroke(cr_);
    }
  }
  void operator()(const QrOp& q) {
    if (q.n <= 0) return;
    SurfacePtr mask(cairo_image_surface_create(CAIRO_FORMAT_A1, q.n, q.n));
    cairo_surface_flush(mask.get());
    unsigned char* data = cairo_image_surface_get_data(mask.get());
    const int stride = cairo_image_surface_get_stride(mask.get());
    // A1 pixels are packed into 32-bit words, the first pixel in the lowest bit on a
    // little-endian machine and in the highest on a big-endian one.
    for (int row = 0; row < q.n; ++row) {
      auto* words =
          reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(row) * stride);
      for (int col = 0; col < q.n; ++col) {
        if (!q.dark[static_cast<std::size_t>(row) * static_cast<std::size_t>(q.n) +
                    static_cast<std::size_t>(col)])
          continue;
        const int bit = std::endian::native == std::endian::little ? col % 32 : 31 - col % 32;
        words[col / 32] |= std::uint32_t{1} << bit;
      }
    }
    cairo_surface_mark_dirty(mask.get());
    rgb(cr_, q.color);
    cairo_save(cr_);
    cairo_translate(cr_, q.x, h_ - q.y - q.size);
    cairo_scale(cr_, q.size / q.n, q.size / q.n);
    cairo_pattern_t* p = cairo_pattern_create_for_surface(mask.get());
    cairo_pattern_set_filter(p, CAIRO_FILTER_NEAREST);  // no smoothing: /Interpolate false
    cairo_mask(cr_, p);
    cairo_pattern_destroy(p);
    cairo_restore(cr_);
  }
  void operator()(const ImageOp& i) {
    cairo_surface_t* img = e_.image(res_, i.image);
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    cairo_save(cr_);
    cairo_translate(cr_, i.x, h_ - i.y - i.h);
    cairo_scale(cr_, i.w / iw, i.h / ih);
    cairo_set_source_surface(cr_, img, 0, 0);
    cairo_paint(cr_);
    cairo_restore(cr_);
  }

 private:
  void stroke_style(const Color& c, double width) {
    rgb(cr_, c);
    cairo_set_line_width(cr_, width);
  }
  cairo_t* cr_;
  const TextEngine::Impl& e_;
  const Resources& res_;
  double h_;
};

void set_metadata(cairo_surface_t* s, const Meta& meta) {
  const std::pair<cairo_pdf_metadata_t, const std::string*> fields[] = {
      {CAIRO_PDF_METADATA_TITLE, &meta.title},
      {CAIRO_PDF_METADATA_AUTHOR, &meta.author},
      {CAIRO_PDF_METADATA_SUBJECT, &meta.subject},
      {CAIRO_PDF_METADATA_KEYWORDS, &meta.keywords},
      {CAIRO_PDF_METADATA_CREATOR, &meta.creator}};
  for (const auto& [key, value] : fields)
    if (!value->empty()) cairo_pdf_surface_set_metadata(s, key, value->c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, pdf_date(meta.date).c_str());
}

// Cairo records its first error in the context or surface; any error is the program's own.
void require_success(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw core::InternalError(fmt::format("Cairo: {}", cairo_status_to_string(status)));
}

}  // namespace

// Members in this order: the surface, destroyed before the string, may still write to it.
struct PdfWriter::Impl {
  const TextEngine::Impl& engine;
  const Resources& resources;
  Meta meta;
  std::string out;
  SurfacePtr surface;
  CairoPtr cr;
};

PdfWriter::PdfWriter(const TextEngine& engine, const Resources& resources, const Meta& meta)
    : impl_(new Impl{*engine.impl_, resources, meta, {}, nullptr, nullptr}) {}

PdfWriter::~PdfWriter() = default;

void PdfWriter::add(const PageOps& page) {
  Impl& w = *impl_;
  if (!w.surface) {
    w.surface.reset(
        cairo_pdf_surface_create_for_stream(append_bytes, &w.out, page.width, page.height));
    set_metadata(w.surface.get(), w.meta);
    w.cr.reset(cairo_create(w.surface.get()));
  }
  cairo_pdf_surface_set_size(w.surface.get(), page.width, page.height);
  PageDrawer draw(w.cr.get(), w.engine, w.resources, page.height);
  for (const Op& op : page.ops) std::visit(draw, op);
  cairo_show_page(w.cr.get());
}

std::string PdfWriter::finish() {
  Impl& w = *impl_;
  if (!w.surface) throw core::InternalError("a PDF needs at least one page");
  require_success(cairo_status(w.cr.get()));
  w.cr.reset();
  cairo_surface_finish(w.surface.get());
  require_success(cairo_surface_status(w.surface.get()));
  w.surface.reset();
  return std::move(w.out);
}

std::string TextEngine::write(const Document& doc) const {
  if (doc.pages.empty()) throw core::InternalError("a PDF needs at least one page");
  PdfWriter w(*this, *doc.resources, doc.meta);
  for (const auto& page : doc.pages) w.add(page);
  return w.finish();
}

std::string font_package_for(char32_t cp) {
  if (cp >= 0x20000 && cp <= 0x3FFFF) return "fonts-hanazono";  // CJK extensions B and later
  switch (g_unichar_get_script(static_cast<gunichar>(cp))) {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO: return "fonts-noto-cjk";
    case G_UNICODE_SCRIPT_COMMON:
      return cp >= 0x1F000 && cp <= 0x1FAFF ? "fonts-noto-color-emoji" : "";
    case G_UNICODE_SCRIPT_UNKNOWN:
    case G_UNICODE_SCRIPT_INHERITED: return "";
    default: return "fonts-noto-core";
  }
}

}  // namespace balint::pdf::detail
