#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "balint/io/rows.hpp"
#include "row_check.hpp"

namespace balint::io {
namespace {

using detail::Cell;
using detail::Problems;

constexpr std::string_view kAttr = "attr:";

const std::vector<std::string>& person_columns() {
  static const std::vector<std::string> columns = {"id", "name", "email"};
  return columns;
}

bool is_attr(std::string_view column) { return column.substr(0, kAttr.size()) == kAttr; }

// True when `name` is a column of the people file (reported otherwise).
bool known_column(Problems& problems, const std::string& name) {
  const auto& cols = person_columns();
  if (std::find(cols.begin(), cols.end(), name) != cols.end()) return true;
  if (!is_attr(name)) {
    problems.add(name, detail::unknown_column(name, cols));
    return false;
  }
  if (core::valid_handle(std::string_view(name).substr(kAttr.size()))) return true;
  problems.add(name,
               "not a valid attribute column (use attr:KEY, KEY of lower-case letters, digits, "
               "'.', '_' and '-')");
  return false;
}

// Checks one people row; every problem goes to `problems`.
class PersonChecker {
 public:
  PersonChecker(Problems& problems, const std::vector<std::string>& columns, const CsvRecord& rec)
      : problems_(problems), columns_(columns), rec_(rec) {}

  domain::Person run() {
    domain::Person p;
    if (auto v = value("id", true)) {
      if (core::valid_handle(*v))
        p.id = std::string(*v);
      else
        problems_.add("id", fmt::format("'{}' is not a valid id (use lower-case letters, digits, "
                                        "'.', '_' and '-')",
                                        core::excerpt(*v)));
    }
    if (auto v = value("name", true)) {
      if (auto why = core::name_problem(*v))
        problems_.add("name", "the name " + *why);
      else
        p.name = core::nfc(*v);
    }
    if (auto v = value("email", false)) p.email = core::nfc(*v);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (!is_attr(columns_[i])) continue;
      if (auto v = checked(columns_[i], detail::make_cell(rec_.fields[i]), false))
        p.attrs[columns_[i].substr(kAttr.size())] = core::nfc(*v);
    }
    return p;
  }

 private:
  // The value of a fixed column (absent counts as empty); nullopt when empty or not UTF-8.
  std::optional<std::string_view> value(std::string_view column, bool required) {
    auto it = std::find(columns_.begin(), columns_.end(), column);
    Cell cell;
    if (it != columns_.end())
      cell = detail::make_cell(rec_.fields[static_cast<std::size_t>(it - columns_.begin())]);
    return checked(column, cell, required);
  }

  std::optional<std::string_view> checked(std::string_view column, const Cell& cell,
                                          bool required) {
    if (auto problem = cell.problem(); !problem.empty()) {
      problems_.add(column, problem);
      return std::nullopt;
    }
    if (cell.text.empty()) {
      if (required) problems_.add(column, "required");
      return std::nullopt;
    }
    return cell.text;
  }

  Problems& problems_;
  const std::vector<std::string>& columns_;
  const CsvRecord& rec_;
};

}  // namespace

PersonRowParser::PersonRowParser(std::string file, const CsvRecord& header)
    : file_(std::move(file)) {
  Problems problems(file_, header.line, header_errors_);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto name = detail::header_name(problems, header.fields[i], i);
    bool ok = name && known_column(problems, *name);
    if (ok && std::find(columns_.begin(), columns_.end(), *name) != columns_.end()) {
      problems.add(*name, "column appears twice");
      ok = false;
    }
    columns_.push_back(ok ? *name : std::string{});  // "" = ignored
  }
  for (const char* required : {"id", "name"})
    if (std::find(columns_.begin(), columns_.end(), required) == columns_.end())
      problems.add(required, "required column missing");
}

std::optional<domain::Person> PersonRowParser::parse(const CsvRecord& given,
                                                     std::vector<core::Diagnostic>& out) const {
  if (!detail::field_count_ok(file_, given, columns_.size(), out)) return std::nullopt;
  CsvRecord copy;
  const CsvRecord& rec = detail::padded(given, columns_.size(), copy);
  Problems problems(file_, rec.line, out);
  domain::Person person = PersonChecker(problems, columns_, rec).run();
  if (problems.any()) return std::nullopt;
  return person;
}

}  // namespace balint::io
