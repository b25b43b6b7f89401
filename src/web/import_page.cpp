// CSV import by upload (GET and POST /import): the CLI's `balint import entries|people|records`
// through the same service functions, its all-or-nothing report shown as a table.
#include <fmt/core.h>

#include <array>
#include <string_view>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/imports.hpp"
#include "balint/service/names.hpp"
#include "pages.hpp"
#include "secretary.hpp"

namespace balint::web {
namespace {

constexpr std::array<std::string_view, 3> kKinds = {"entries", "people", "records"};
constexpr std::array<std::string_view, 5> kEncodings = {"", "windows-1253", "windows-1252",
                                                        "latin-1", "utf-16"};

// The upload's name as messages use it: the last part of what the browser sent, letters,
// digits, '.', '-' and '_' only (anything else would be shown in messages); else "upload.csv".
std::string upload_name(const std::string& sent) {
  std::string base =
      sent.substr(sent.find_last_of("/\\") == std::string::npos ? 0 : sent.find_last_of("/\\") + 1);
  if (base.empty() || base.size() > 80 || base.front() == '.') return "upload.csv";
  for (char ch : base) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
    if (!ok) return "upload.csv";
  }
  return base;
}

// What a file that is not CSV text at all looks like: "" when it may be CSV (text in UTF-8, a
// legacy 8-bit encoding or UTF-16 with its byte-order mark, which the reader decodes).
std::string not_csv(std::string_view bytes) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  if (starts("PK\x03\x04"))
    return tr(
        "This is a spreadsheet workbook (or another ZIP file), not CSV: save it from the "
        "spreadsheet as CSV and upload that.");
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) return "";  // UTF-16, NULs and all
  if (starts("%PDF") || starts("\x89PNG") || starts("\xFF\xD8\xFF") || starts("GIF8") ||
      starts("\xD0\xCF\x11\xE0") || bytes.substr(0, 8192).find('\0') != std::string_view::npos)
    return tr("This file is not CSV text (it holds binary data). Upload a CSV file.");
  return "";
}

mstch::array kind_choices(const std::string& chosen) {
  mstch::array out;
  for (auto k : kKinds) {
    std::string label = k == "entries" ? tr("entries (sessions)")
                        : k == "people"
                            ? tr("people")
                            : tr("records (memberships, enrolments, accreditations, documents)");
    out.push_back(
        mstch::map{{"value", std::string(k)}, {"label", label}, {"selected", chosen == k}});
  }
  return out;
}

mstch::array encoding_choices(const std::string& chosen) {
  mstch::array out;
  for (auto e : kEncodings)
    out.push_back(mstch::map{
        {"value", std::string(e)},
        {"label", e.empty() ? tr("UTF-8 (or as its byte-order mark says)") : std::string(e)},
        {"selected", chosen == e}});
  return out;
}

bool checked(const Call& c, const char* name) { return !c.param(name).empty(); }

// The form, with what was chosen kept, and whatever the last upload gave.
mstch::map form(const Call& c) {
  std::string kind = c.param("kind");
  if (kind.empty()) kind = "entries";
  return mstch::map{{"kinds", kind_choices(kind)},
                    {"encodings", encoding_choices(c.param("encoding"))},
                    {"dry_run", c.req.method == "GET" || checked(c, "dry_run")},
                    {"allow_future", checked(c, "allow_future")},
                    {"decimal_comma", checked(c, "decimal_comma")},
                    {"new_names", checked(c, "new_names")},
                    {"max_mb", std::to_string(kMaxUploadBytes / (1024 * 1024))}};
}

void show(Call& c, mstch::map data, int status) {
  send_page(c, "import", tr("Import a CSV file"), std::move(data), status);
}

void refused(Call& c, const std::string& message, int status) {
  auto data = form(c);
  data["error"] = core::printable(message);
  show(c, std::move(data), status);
}

void import_file(Call& c) {
  const std::string kind = c.param("kind");
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end())
    return refused(c, tr("Choose what the file holds: entries, people or records."), 400);
  if (!c.req.has_file("file") || c.req.get_file_value("file").filename.empty())
    return refused(c, tr("Choose a CSV file to upload."), 400);
  const auto& upload = c.req.get_file_value("file");
  if (upload.content.size() > kMaxUploadBytes)  // the server's limit says so first
    return refused(c, tr("The file is too large."), 413);
  if (auto why = not_csv(upload.content); !why.empty()) return refused(c, why, 415);
  const std::string encoding = c.param("encoding");
  if (std::find(kEncodings.begin(), kEncodings.end(), encoding) == kEncodings.end())
    return refused(c, tr("Choose one of the encodings offered."), 400);

  service::ImportRequest q{upload_name(upload.filename)};
  q.bytes = std::string_view(upload.content);
  q.dry_run = checked(c, "dry_run");
  q.format.encoding = encoding;
  auto data = form(c);
  data["file"] = q.file;
  try {
    store::ImportResult r;
    std::string one, many;
    if (kind == "entries") {
      if (!checked(c, "allow_future")) q.refuse_after = c.today;
      q.decimal_comma = checked(c, "decimal_comma");
      r = service::import_entries(c.ledger, q);
      one = tr("entry"), many = tr("entries");
    } else if (kind == "people") {
      r = service::import_people(c.ledger, q);
      one = tr("person"), many = tr("people");
    } else {
      if (!checked(c, "new_names"))
        q.check_name = service::record_name_check(c.env.catalogue, c.ledger,
                                                  tr("tick “accept new names” to accept new ones"));
      r = service::import_records(c.ledger, q);
      one = tr("record"), many = tr("records");
    }
    data["done"] = true;
    data["summary"] =
        fmt::format("{} {} {}; {} {}", q.dry_run ? tr("Dry run: would add") : tr("Added"), r.added,
                    r.added == 1 ? one : many, r.present, tr("already present"));
    data["added"] = std::to_string(r.added);
    data["present"] = std::to_string(r.present);
    data["was_dry_run"] = q.dry_run;
    show(c, std::move(data), 200);
  } catch (const core::DataError& e) {
    mstch::array rows;
    for (const auto& p : service::import_problems(e.lines(), q.file))
      rows.push_back(mstch::map{{"line", p.line > 0 ? std::to_string(p.line) : std::string()},
                                {"column", core::printable(p.column)},
                                {"problem", core::printable(p.problem)}});
    data["problems"] = rows;
    data["has_problems"] = true;
    show(c, std::move(data), 422);
  } catch (const core::UsageError& e) {
    refused(c, e.what(), 400);
  }
}

}  // namespace

void handle_import_page(Call& c) {
  if (c.route.id == RouteId::import_file) return import_file(c);
  show(c, form(c), 200);
}

}  // namespace balint::web
