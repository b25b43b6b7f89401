// The progress report PDF: a programmatic layout in a report template's page, fonts and
// colours; headers, footers and "page x of y" added once the pages are known.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "balint/core/quantity.hpp"
#include "balint/pdf/progress.hpp"
#include "balint/report/progress_words.hpp"
#include "chart.hpp"
#include "flow.hpp"
#include "layout.hpp"
#include "progress_words.hpp"
#include "text.hpp"
#include "engine.hpp"

namespace balint::pdf {
namespace detail {
namespace {

using report::RequirementView;

Color status_color(const ReportStyle& s, eval::Status st) {
  switch (st) {
    case eval::Status::met: return s.met;
    case eval::Status::waived: return s.waived;
    case eval::Status::not_applicable: return s.not_applicable;
    default: return s.not_met;
  }
}

Color tint(Color c, double amount) {
  auto mix = [amount](std::uint8_t v) {
    return static_cast<std::uint8_t>(std::lround(v + (255 - v) * amount));
  };
  return Color{mix(c.r), mix(c.g), mix(c.b)};
}

class ProgressLayout {
 public:
  ProgressLayout(const report::ProgressReport& r, const std::vector<domain::Entry>& entries,
                 const Template& t, const ReportStyle& s, const ProgressWording& w, Problems& p)
      : r_(r), entries_(entries), t_(t), s_(s), w_(w), p_(p), f_(t, s, p) {}

  std::vector<PageOps> run() {
    heading();
    requirements();
    chart();
    counted();
    decorate();
    return std::move(f_.pages());
  }

 private:
  std::string date(core::Date d) const { return w_.date ? w_.date(d) : d.iso(); }
  std::string hours(std::int64_t minutes) const {
    return w_.hours ? w_.hours(minutes) : core::hours_str(minutes);
  }
  std::string vocab(std::string_view word) const {
    return w_.vocab ? w_.vocab(word) : std::string(word);
  }
  static std::string with(const std::string& pattern, const std::string& value) {
    return fmt::format(fmt::runtime(pattern), value);
  }

  std::string verdict() const {
    if (r_.eligible) return w_.eligible;
    if (w_.not_eligible.empty()) return report::verdict_text(r_, report::UnmetNames::titles);
    std::string list;
    for (const auto& u : r_.unmet) list += (list.empty() ? "" : "; ") + u.title;
    return with(w_.not_eligible, list);
  }

  // A section title, kept on the page of the first `keep` points of what follows it.
  void section(const std::string& title, double keep) {
    f_.need(s_.size * 3.5 + keep);
    f_.advance(s_.size * 0.8);
    f_.paragraph(title, true, s_.size * 1.35, s_.accent, 0, 2);
    add(f_.ops(), LineOp{f_.left(), f_.top(), f_.left() + f_.width(), f_.top(), 0.6, s_.rule});
    f_.advance(s_.size * 0.5);
  }

  void heading() {
    f_.paragraph(report::title_with_english(r_.title, r_.title_en), true, s_.title_size, s_.accent,
                 0, 2);
    f_.paragraph(fmt::format("{} · {} · {}", r_.body, r_.edition, with(w_.rule_set, r_.ruleset_id)),
                 false, s_.size, s_.muted, 0, s_.size * 0.6);
    f_.paragraph(fmt::format("{} ({})", r_.person_name, r_.person_id), true, s_.size * 1.4, s_.text,
                 0, 1);
    std::string as_of = with(w_.as_of, date(r_.as_of));
    if (r_.pathway) {
      const auto& pw = *r_.pathway;
      as_of +=
          fmt::format(" · {}, {}", with(w_.pathway, pw.family),
                      pw.enrolled_on ? with(w_.enrolled, date(*pw.enrolled_on)) : w_.not_enrolled);
      if (pw.grandfathered) as_of += " · " + with(w_.grandfathered, pw.in_force);
    }
    f_.paragraph(as_of, false, s_.size, s_.muted, 0, s_.size * 0.8);
    // The verdict in a tinted box.
    Color c = r_.eligible ? s_.met : s_.not_met;
    double size = s_.size * 1.15;
    const std::string verdict = this->verdict();
    int lines = f_.lines(verdict, true, size, f_.width() - 16);
    double h = std::max(lines, 1) * f_.line_height(size) + 12;
    f_.need(h);
    add(f_.ops(), RectOp{f_.left(), f_.top() - h, f_.width(), h, tint(c, 0.88), c, 0.8});
    if (lines > 0)
      f_.draw(verdict, true, size, c, f_.left() + 8, f_.top() - 6 - f_.ascent(true, size),
              f_.width() - 16);
    f_.advance(h + s_.size * 0.5);
  }

  // Column widths of the requirement table: mark, title, amount, bar, needed.
  std::vector<double> columns() const {
    double w = f_.width(), mark = s_.size * 1.8, bar = w * 0.16, amount = w * 0.22,
           needed = w * 0.2;
    return {mark, w - mark - bar - amount - needed, amount, bar, needed};
  }

  void requirement(const RequirementView& v) {
    const auto& res = v.result;
    auto col = columns();
    // A part of a met any_of that is not met itself is not needed: grey, not red.
    Color c = v.not_needed ? s_.muted : status_color(s_, res.status);
    double indent = v.depth * s_.size * 1.2;
    std::vector<Cell> cells{
        {view_mark(v), col[0], Align::center, true, c, s_.size * 1.1, 0},
        {report::title_with_english(res.title, res.title_en), col[1], Align::left, v.depth == 0,
         s_.text, 0, indent},
        {w_.amount ? w_.amount(v) : amount_text(v), col[2], Align::left, false, s_.text, 0, 0},
        {"", col[3], Align::left, false, s_.text, 0, 0},
        {w_.needed ? w_.needed(v) : needed_text(v), col[4], Align::left, false,
         v.not_needed ? s_.muted : s_.not_met, 0, 0}};
    std::vector<std::string> details = detail_lines(v, w_.desirable, w_.pace, w_.no_pace, w_.date);
    std::string detail_text;
    for (const auto& d : details) detail_text += (detail_text.empty() ? "" : "\n") + d;
    std::vector<Cell> under{
        {"", col[0], Align::left, false, s_.muted, 0, 0},
        {detail_text, f_.width() - col[0], Align::left, false, s_.muted, s_.size * 0.9, indent}};
    double pad = 3;
    double h = f_.row_height(cells, pad) + (details.empty() ? 0 : f_.row_height(under, 0) - 2);
    f_.need(h);  // the requirement and its details stay together
    double top = f_.row(cells, pad);
    // The bar, centred on the first line of the row.
    double bar_h = s_.size * 0.6, x = f_.left() + col[0] + col[1] + col[2];
    double y = top - pad - f_.line_height(s_.size) / 2 - bar_h / 2;
    double bar_w = col[3] - 8;
    add(f_.ops(), RectOp{x, y, bar_w, bar_h, s_.bar, std::nullopt, 0});
    double frac = bar_fraction(v);
    if (frac > 0) add(f_.ops(), RectOp{x, y, bar_w * frac, bar_h, c, std::nullopt, 0});
    if (!details.empty()) {
      f_.advance(-2);
      f_.row(under, 0);
    }
    add(f_.ops(), LineOp{f_.left(), f_.top(), f_.left() + f_.width(), f_.top(), 0.3, s_.rule});
    for (const auto& child : v.children) requirement(child);
  }

  void requirements() {
    section(w_.requirements, s_.size * 4);
    if (r_.requirements.empty()) f_.paragraph(w_.no_requirements, false, s_.size, s_.muted);
    for (const auto& v : r_.requirements) requirement(v);
  }

  void chart() {
    double h = std::min(200.0, f_.width() * 0.42);
    section(w_.chart, h + s_.size * 4);
    double used = draw_hours_chart(entries_, r_.as_of, f_, s_, h, w_);
    f_.advance(used);
  }

  // Every entry that counted towards a requirement, with the requirements it counted for.
  void collect(const RequirementView& v,
               std::map<std::pair<core::Date, std::int64_t>,
                        std::pair<const report::EntryLine*, std::string>>& out) {
    for (const auto& e : v.counted) {
      auto& slot = out[{e.date, e.id}];
      slot.first = &e;
      slot.second += (slot.second.empty() ? "" : ", ") + v.result.id;
    }
    for (const auto& c : v.children) collect(c, out);
  }

  void counted() {
    section(w_.counted, s_.size * 5);
    std::map<std::pair<core::Date, std::int64_t>, std::pair<const report::EntryLine*, std::string>>
        rows;
    for (const auto& v : r_.requirements) collect(v, rows);
    if (rows.empty()) {
      f_.paragraph(w_.none_counted, false, s_.size, s_.muted);
      return;
    }
    double w = f_.width();
    std::vector<double> col{w * 0.12, w * 0.08, w * 0.25, w * 0.30, w * 0.25};
    auto header = [&] {
      const std::vector<std::string>& names = w_.columns;
      std::vector<Cell> cells;
      for (std::size_t i = 0; i < names.size() && i < col.size(); ++i)
        cells.push_back({names[i], col[i], i == 1 ? Align::right : Align::left, true, s_.accent,
                         s_.size * 0.9, 0});
      f_.row(cells, 2);
      add(f_.ops(), LineOp{f_.left(), f_.top(), f_.left() + w, f_.top(), 0.6, s_.rule});
    };
    header();
    f_.on_new_page(header);
    for (const auto& [key, row] : rows) {
      const auto& e = *row.first;
      std::string place;
      for (const auto* part : {&e.group, &e.setting, &e.event})
        if (!part->empty()) place += (place.empty() ? "" : " · ") + *part;
      std::vector<Cell> cells{
          {date(e.date), col[0], Align::left, false, s_.text, s_.size * 0.9, 0},
          {hours(e.minutes), col[1], Align::right, false, s_.text, s_.size * 0.9, 0},
          {fmt::format("{}, {}", vocab(domain::to_string(e.activity)),
                       vocab(domain::to_string(e.role))),
           col[2], Align::left, false, s_.text, s_.size * 0.9, 4},
          {place, col[3], Align::left, false, s_.text, s_.size * 0.9, 0},
          {row.second, col[4], Align::left, false, s_.muted, s_.size * 0.9, 0}};
      f_.row(cells, 1.5);
    }
    f_.on_new_page(nullptr);
  }

  // Template elements, header, footer and "page x of y" on every page.
  void decorate() {
    auto& pages = f_.pages();
    const auto total = pages.size();
    const PageSetup& pg = t_.page;
    for (std::size_t i = 0; i < total; ++i) {
      Fields fields{{"person_id", r_.person_id},     {"person_name", r_.person_name},
                    {"ruleset_id", r_.ruleset_id},   {"title", r_.title},
                    {"edition", r_.edition},         {"body", r_.body},
                    {"as_of", date(r_.as_of)},       {"page", std::to_string(i + 1)},
                    {"pages", std::to_string(total)}};
      PageOps deco = layout_page(t_, fields, p_);
      double w = pg.width - pg.left - pg.right;
      auto line = [&](const std::string& tpl, double baseline, Align align) {
        std::vector<std::string> missing;
        const auto translated = w_.template_texts.find(tpl);
        std::string text = fill(translated != w_.template_texts.end() ? translated->second : tpl,
                                fields, missing, true);
        const double size = s_.size * 0.85;
        if (f_.lines(text, false, size, 0) == 0) return;
        add(deco.ops, TextOp{pg.left, baseline, w, false, 0, size, f_.line_height(size), align,
                             s_.muted, text, nullptr});
      };
      double header_base = pg.height - pg.top - s_.header_height + s_.size * 0.9;
      line(s_.header, header_base, Align::right);
      if (s_.header_height > 0)
        add(deco.ops, LineOp{pg.left, header_base - s_.size * 0.5, pg.width - pg.right,
                             header_base - s_.size * 0.5, 0.5, s_.rule});
      double footer_base = pg.bottom + s_.footer_height - s_.size * 1.6;
      if (s_.footer_height > 0)
        add(deco.ops, LineOp{pg.left, footer_base + s_.size * 1.2, pg.width - pg.right,
                             footer_base + s_.size * 1.2, 0.5, s_.rule});
      line(s_.footer, footer_base, Align::left);
      line(s_.page_label, footer_base, Align::right);
      // Decoration first, so the content is drawn over it.
      deco.ops.insert(deco.ops.end(), pages[i].ops.begin(), pages[i].ops.end());
      pages[i].ops = std::move(deco.ops);
    }
  }

  const report::ProgressReport& r_;
  const std::vector<domain::Entry>& entries_;
  const Template& t_;
  const ReportStyle& s_;
  const ProgressWording& w_;
  Problems& p_;
  Flow f_;
};

}  // namespace
}  // namespace detail

std::string render_progress_pdf(const report::ProgressReport& r,
                                const std::vector<domain::Entry>& entries, const Template& style,
                                const Meta& meta, const ProgressWording& words) {
  if (!style.report)
    throw core::DataError(
        fmt::format("{}: not a report template (it has no [report] table)", style.path));
  detail::Problems problems;
  detail::check_meta(meta, problems);
  detail::Document doc{{}, style.resources.get(), meta};
  doc.pages = detail::ProgressLayout(r, entries, style, *style.report, words, problems).run();
  problems.raise();
  return style.resources->engine->write(doc);
}

}  // namespace balint::pdf
