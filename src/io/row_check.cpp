#include "row_check.hpp"

#include <fmt/core.h>

#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"

namespace balint::io::detail {

Cell make_cell(std::string_view raw) {
  std::string_view text = core::trim(raw);
  // A formula neutralised on export (io::csv_field) reads back as it was (SPEC §8).
  if (is_neutralised_formula(text)) text.remove_prefix(1);
  if (text.size() > kMaxCellBytes) return Cell{text, false, true, false};
  return Cell{text, !core::valid_utf8(text), false, text.find('\0') != std::string_view::npos};
}

std::string Cell::problem() const {
  if (too_long) return fmt::format("{} bytes long; at most {}", text.size(), kMaxCellBytes);
  if (bad_utf8) return "not valid UTF-8";
  if (nul) return "contains a NUL byte";
  return {};
}

void Problems::add(std::string_view column, std::string_view what) {
  out_.push_back(core::Diagnostic{file_, line_, 0, fmt::format("{}: {}", column, what)});
}

bool field_count_ok(const std::string& file, const CsvRecord& rec, std::size_t expected,
                    std::vector<core::Diagnostic>& out) {
  // Fewer fields: the trailing empty cells left out, as spreadsheets write them (SPEC §8).
  if (rec.fields.size() <= expected) return true;
  std::size_t n = rec.fields.size();
  out.push_back(core::Diagnostic{
      file, rec.line, 0,
      fmt::format("row has {}; the header has {}", core::plural(n, "field", "fields"), expected)});
  return false;
}

std::optional<std::vector<Cell>> mapped_cells(const std::string& file, const CsvRecord& rec,
                                              const std::vector<int>& column_of_field,
                                              std::size_t column_count,
                                              std::vector<core::Diagnostic>& out) {
  if (!field_count_ok(file, rec, column_of_field.size(), out)) return std::nullopt;
  std::vector<Cell> cells(column_count);
  for (std::size_t i = 0; i < rec.fields.size(); ++i)
    if (column_of_field[i] >= 0)
      cells[static_cast<std::size_t>(column_of_field[i])] = make_cell(rec.fields[i]);
  return cells;
}

const CsvRecord& padded(const CsvRecord& rec, std::size_t expected, CsvRecord& copy) {
  if (rec.fields.size() >= expected) return rec;
  copy = rec;
  copy.fields.resize(expected);
  return copy;
}

std::optional<std::string> header_name(Problems& problems, std::string_view raw,
                                       std::size_t index) {
  Cell cell = make_cell(raw);
  std::string where = fmt::format("column {}", index + 1);
  if (cell.text.size() > kMaxHeaderBytes) {
    problems.add(where, fmt::format("header name is {} bytes long; no column name is longer "
                                    "than {}",
                                    cell.text.size(), kMaxHeaderBytes));
    return std::nullopt;
  }
  if (cell.bad_utf8) {
    problems.add(where, "header name is not valid UTF-8");
    return std::nullopt;
  }
  if (cell.nul) {
    problems.add(where,
                 "header name contains a NUL byte (is the file UTF-16? give --encoding utf-16le or "
                 "utf-16be, or save it as UTF-8)");
    return std::nullopt;
  }
  if (cell.text.find("\xEF\xBB\xBF") != std::string_view::npos) {
    problems.add(where, "header name contains a byte-order mark (U+FEFF)");
    return std::nullopt;
  }
  if (cell.text.empty()) {
    problems.add(where, "header name is empty");
    return std::nullopt;
  }
  return std::string(cell.text);
}

std::string unknown_column(std::string_view name, const std::vector<std::string>& columns) {
  for (char sep : {';', '\t'})
    if (name.find(sep) != std::string_view::npos)
      return fmt::format(
          "unknown column; is the file separated by {}? balint reads columns "
          "separated by commas",
          sep == ';' ? "';'" : "tabs");
  return "unknown column" + core::did_you_mean(name, columns);
}

std::string unknown_choice(std::string_view what, std::string_view value,
                           const std::vector<std::string>& choices) {
  std::string hint = core::did_you_mean(value, choices);
  if (hint.empty()) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    hint = " (one of: " + list + ")";
  }
  return fmt::format("unknown {} '{}'{}", what, core::excerpt(value), hint);
}

}  // namespace balint::io::detail
