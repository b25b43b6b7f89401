#include <fmt/core.h>

#include <algorithm>

#include "balint/core/date.hpp"
#include "balint/core/text.hpp"
#include "balint/io/rows.hpp"
#include "row_check.hpp"

namespace balint::io {
// Named, not anonymous: entry_rows.cpp has column enumerators of the same names, and a unity
// build (scripts/test.sh) compiles the two files as one.
using detail::Cell;
using detail::Problems;

namespace record_cells {

// Indexes into record_columns().
enum Col : int { kKind, kPerson, kBody, kFamily, kType, kOn, kFrom, kTo, kNote, kColumnCount };

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"membership", "enrolment", "accreditation",
                                             "document"};
  return k;
}

// The columns each kind uses: required, then optional.
struct Uses {
  std::vector<int> required, optional;
};

const Uses& uses(std::size_t kind) {
  static const std::vector<Uses> u = {
      {{kBody, kFrom}, {kTo}},
      {{kFamily, kOn}, {}},
      {{kFamily, kOn}, {kNote}},
      {{kType, kOn}, {kNote}},
  };
  return u[kind];
}

class RecordChecker {
 public:
  RecordChecker(Problems& problems, std::vector<Cell> cells, const PersonExists& exists,
                const std::vector<std::string>& ids, const NameCheck& check_name)
      : problems_(problems),
        cells_(std::move(cells)),
        exists_(exists),
        ids_(ids),
        check_name_(check_name) {}

  std::optional<RecordRow> run() {
    std::optional<std::size_t> kind;
    if (auto v = required(kKind)) {
      auto it = std::find(kinds().begin(), kinds().end(), *v);
      if (it == kinds().end())
        add(kKind, detail::unknown_choice("kind", *v, kinds()));
      else
        kind = static_cast<std::size_t>(it - kinds().begin());
    }
    std::string person;
    if (auto v = required(kPerson)) {
      person = std::string(*v);
      bool known =
          exists_ ? exists_(person) : std::find(ids_.begin(), ids_.end(), person) != ids_.end();
      if (!known)
        add(kPerson,
            fmt::format("unknown person '{}'{}", core::excerpt(*v), core::did_you_mean(*v, ids_)));
    }
    if (!kind) return std::nullopt;
    const Uses& u = uses(*kind);
    for (int c = kBody; c < kColumnCount; ++c) {
      bool req = std::find(u.required.begin(), u.required.end(), c) != u.required.end();
      bool opt = std::find(u.optional.begin(), u.optional.end(), c) != u.optional.end();
      if (req) {
        required(c);
      } else if (!opt && !cell(c).text.empty()) {
        add(c, fmt::format("not used for a {} (leave it empty)", kinds()[*kind]));
      }
    }
    std::string name_column = *kind == 0 ? "body" : *kind == 3 ? "type" : "family";
    int name_col = *kind == 0 ? kBody : *kind == 3 ? kType : kFamily;
    std::string name = text(name_col);
    if (!name.empty()) {
      if (name_col != kBody && !core::valid_handle(name))
        add(name_col, fmt::format("'{}' is not a {} (lower-case letters, digits, '.', '_' and "
                                  "'-')",
                                  core::excerpt(name), *kind == 3 ? "document type" : "family"));
      else if (check_name_)
        if (auto why = check_name_(name_column, name); !why.empty()) add(name_col, why);
    }
    auto on = date(kOn);
    auto from = date(kFrom);
    auto to = date(kTo);
    if (from && to && *to < *from)
      add(kTo, fmt::format("{} is before from ({})", to->iso(), from->iso()));
    if (problems_.any()) return std::nullopt;
    RecordRow row;
    switch (*kind) {
      case 0: row.record = domain::Membership{person, name, *from, to}; break;
      case 1: row.record = domain::Enrolment{person, name, *on}; break;
      case 2: row.record = domain::Accreditation{person, name, *on, text(kNote)}; break;
      default: {
        domain::Document d;
        d.person = person;
        d.type = name;
        d.on = *on;
        d.note = text(kNote);
        row.record = d;
      }
    }
    return row;
  }

 private:
  const Cell& cell(int c) const { return cells_[static_cast<std::size_t>(c)]; }
  void add(int c, std::string_view what) {
    problems_.add(record_columns()[static_cast<std::size_t>(c)], what);
  }

  std::optional<std::string_view> value(int c) {
    if (auto problem = cell(c).problem(); !problem.empty()) {
      if (!reported_[static_cast<std::size_t>(c)]) add(c, problem);
      reported_[static_cast<std::size_t>(c)] = true;
      return std::nullopt;
    }
    if (cell(c).text.empty()) return std::nullopt;
    return cell(c).text;
  }

  std::optional<std::string_view> required(int c) {
    if (cell(c).text.empty()) {
      add(c, "required");
      return std::nullopt;
    }
    return value(c);
  }

  std::string text(int c) {
    auto v = value(c);
    return v ? core::nfc(*v) : std::string{};
  }

  std::optional<core::Date> date(int c) {
    auto v = value(c);
    if (!v) return std::nullopt;
    auto d = core::Date::parse(*v);
    if (!d) add(c, fmt::format("'{}' is not a date; use YYYY-MM-DD", core::excerpt(*v)));
    return d;
  }

  Problems& problems_;
  std::vector<Cell> cells_;
  const PersonExists& exists_;
  const std::vector<std::string>& ids_;
  const NameCheck& check_name_;
  std::vector<bool> reported_ = std::vector<bool>(kColumnCount, false);
};

}  // namespace record_cells

const std::vector<std::string>& record_columns() {
  static const std::vector<std::string> columns = {"kind", "person", "body", "family", "type",
                                                   "on",   "from",   "to",   "note"};
  return columns;
}

RecordRowParser::RecordRowParser(std::string file, const CsvRecord& header,
                                 PersonExists person_exists,
                                 std::vector<std::string> known_person_ids, NameCheck check_name)
    : file_(std::move(file)),
      person_exists_(std::move(person_exists)),
      known_ids_(std::move(known_person_ids)),
      check_name_(std::move(check_name)) {
  Problems problems(file_, header.line, header_errors_);
  const auto& cols = record_columns();
  std::vector<bool> seen(record_cells::kColumnCount, false);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    int c = -1;
    if (auto name = detail::header_name(problems, header.fields[i], i)) {
      auto it = std::find(cols.begin(), cols.end(), *name);
      if (it == cols.end()) {
        problems.add(*name, detail::unknown_column(*name, cols));
      } else if (seen[static_cast<std::size_t>(it - cols.begin())]) {
        problems.add(*name, "column appears twice");
      } else {
        c = static_cast<int>(it - cols.begin());
        seen[static_cast<std::size_t>(c)] = true;
      }
    }
    column_of_field_.push_back(c);
  }
  for (int c : {record_cells::kKind, record_cells::kPerson})
    if (!seen[static_cast<std::size_t>(c)])
      problems.add(cols[static_cast<std::size_t>(c)], "required column missing");
}

std::optional<RecordRow> RecordRowParser::parse(const CsvRecord& given,
                                                std::vector<core::Diagnostic>& out) const {
  auto mapped =
      detail::mapped_cells(file_, given, column_of_field_, record_cells::kColumnCount, out);
  if (!mapped) return std::nullopt;
  std::vector<Cell> cells = std::move(*mapped);
  const CsvRecord& rec = given;
  Problems problems(file_, rec.line, out);
  auto row = record_cells::RecordChecker(problems, std::move(cells), person_exists_, known_ids_,
                                         check_name_)
                 .run();
  if (row) row->line = rec.line;
  return row;
}

}  // namespace balint::io
