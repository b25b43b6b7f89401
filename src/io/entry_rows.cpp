#include <fmt/core.h>

#include <algorithm>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/io/rows.hpp"
#include "row_check.hpp"

namespace balint::io {
namespace {

using detail::Cell;
using detail::Problems;

// Indexes into entry_columns().
enum Col : int {
  kDate,
  kPerson,
  kActivity,
  kRole,
  kMinutes,
  kHours,
  kGroup,
  kSetting,
  kFormat,
  kLeader,
  kCoLeader,
  kSupervisor,
  kCases,
  kEvent,
  kDays,
  kTags,
  kVerifiedBy,
  kNote,
  kColumnCount
};

// Checks one entry row column by column, in SPEC order; every problem goes to `problems`.
class EntryChecker {
 public:
  EntryChecker(Problems& problems, std::vector<Cell> cells, const PersonExists& exists,
               const std::vector<std::string>& ids, const std::vector<std::string>& names,
               std::optional<core::Date> latest, bool decimal_comma)
      : problems_(problems),
        cells_(std::move(cells)),
        exists_(exists),
        ids_(ids),
        names_(names),
        latest_(latest),
        decimal_comma_(decimal_comma) {}

  domain::Entry run() {
    domain::Entry e;
    if (auto v = required(kDate)) check_date(*v, e);
    if (auto v = required(kPerson)) e.person = person(kPerson, *v);
    if (auto v = required(kActivity))
      vocab(kActivity, *v, domain::parse_activity, domain::activity_names(), e.activity);
    if (auto v = required(kRole))
      vocab(kRole, *v, domain::parse_role, domain::role_names(), e.role);
    check_duration(e);
    e.group = text(kGroup);
    e.setting = text(kSetting);
    if (auto v = value(kFormat))
      vocab(kFormat, *v, domain::parse_format, domain::format_names(), e.format);
    if (auto v = value(kLeader)) e.leader = person(kLeader, *v);
    if (auto v = value(kCoLeader)) e.co_leader = person(kCoLeader, *v);
    if (auto v = value(kSupervisor)) e.supervisor = person(kSupervisor, *v);
    if (auto v = value(kCases)) e.cases = count(kCases, *v, 0);
    e.event = text(kEvent);
    if (auto v = value(kDays)) e.days = count(kDays, *v, 1);
    if (auto v = value(kTags)) e.tags = tags(*v);
    if (auto v = value(kVerifiedBy)) e.verified_by = person(kVerifiedBy, *v);
    e.note = text(kNote);
    return e;
  }

 private:
  // The column as the file calls it ("mode" for format when the header says so).
  const std::string& name(int c) const { return names_[static_cast<std::size_t>(c)]; }

  void add(int c, std::string_view what) { problems_.add(name(c), what); }

  // The value, or nullopt when empty, too long or not UTF-8 (reported).
  std::optional<std::string_view> value(int c) {
    const Cell& cell = cells_[static_cast<std::size_t>(c)];
    if (auto problem = cell.problem(); !problem.empty()) {
      add(c, problem);
      return std::nullopt;
    }
    if (cell.text.empty()) return std::nullopt;
    return cell.text;
  }

  std::optional<std::string_view> required(int c) {
    const Cell& cell = cells_[static_cast<std::size_t>(c)];
    if (cell.text.empty()) add(c, "required");
    return value(c);
  }

  // Free text, NFC; empty when not given or not UTF-8.
  std::string text(int c) {
    auto v = value(c);
    return v ? core::nfc(*v) : std::string{};
  }

  void check_date(std::string_view v, domain::Entry& e) {
    auto d = core::Date::parse(v);
    if (!d)
      add(kDate, fmt::format("'{}' is not a date; use YYYY-MM-DD", core::excerpt(v)));
    else if (latest_ && *latest_ < *d)
      add(kDate, fmt::format("{} is after today ({}); an entry is logged after the session "
                             "(give --allow-future if this one is meant)",
                             d->iso(), latest_->iso()));
    else
      e.date = *d;
  }

  std::string person(int c, std::string_view v) {
    std::string id(v);
    bool known = exists_ ? exists_(id) : std::find(ids_.begin(), ids_.end(), id) != ids_.end();
    if (!known)
      add(c, fmt::format("unknown person '{}'{}", core::excerpt(v), core::did_you_mean(v, ids_)));
    return id;
  }

  template <typename T, typename Parse>
  void vocab(int c, std::string_view v, Parse parse, const std::vector<std::string>& names,
             T& out) {
    if (auto x = parse(v))
      out = *x;
    else
      add(c, detail::unknown_choice(name(c), v, names));
  }

  void check_duration(domain::Entry& e) {
    auto minutes = value(kMinutes);
    auto hours = value(kHours);
    bool has_minutes = !cells_[kMinutes].text.empty();  // given, even if bad
    bool has_hours = !cells_[kHours].text.empty();
    if (minutes) {
      if (auto m = core::parse_minutes(*minutes))
        e.minutes = *m;
      else
        add(kMinutes, fmt::format("'{}' is not a whole number of minutes from 1 to 1440",
                                  core::excerpt(*minutes)));
    }
    if (hours) {
      std::string h(*hours);
      if (decimal_comma_) std::replace(h.begin(), h.end(), ',', '.');
      if (auto m = core::parse_hours(h))
        e.minutes = *m;
      else
        add(kHours, fmt::format("'{}' is not a number of hours above 0 and at most 24{}",
                                core::excerpt(*hours),
                                !decimal_comma_ && h.find(',') != h.npos
                                    ? " (for a decimal comma give --decimal-comma)"
                                    : ""));
    }
    if (has_minutes && has_hours) add(kMinutes, "give minutes or hours, not both");
    if (!has_minutes && !has_hours) add(kMinutes, "give minutes or hours");
  }

  std::optional<int> count(int c, std::string_view v, long min) {
    auto n = core::parse_count(v);
    if (n && *n >= min) return static_cast<int>(*n);
    add(c, fmt::format("'{}' is not a whole number of {} or more", core::excerpt(v), min));
    return std::nullopt;
  }

  static std::vector<std::string> tags(std::string_view v) {
    std::vector<std::string> out;
    for (const auto& piece : core::split(v, ';')) {
      std::string_view tag = core::trim(piece);
      if (!tag.empty()) out.push_back(core::nfc(tag));
    }
    return out;
  }

  Problems& problems_;
  std::vector<Cell> cells_;
  const PersonExists& exists_;
  const std::vector<std::string>& ids_;
  const std::vector<std::string>& names_;
  std::optional<core::Date> latest_;
  bool decimal_comma_;
};

// Other names of columns: the session's mode is `format` in the file, `--mode` on the
// command line (SPEC §8), and either is accepted as a header.
constexpr std::string_view kModeAlias = "mode";

// The entry column of a header name, or -1 (reported) when unknown or repeated; `names` gets
// the name the header uses for it.
int header_column(Problems& problems, const std::string& name, std::vector<bool>& seen,
                  std::vector<std::string>& names) {
  const auto& cols = entry_columns();
  auto it = std::find(cols.begin(), cols.end(), name == kModeAlias ? "format" : name);
  if (it == cols.end()) {
    problems.add(name, detail::unknown_column(name, cols));
    return -1;
  }
  auto c = static_cast<std::size_t>(it - cols.begin());
  if (seen[c]) {
    problems.add(name, c == kFormat && names[c] != name
                           ? "format and mode are the same column; give one of them"
                           : "column appears twice");
    return -1;
  }
  seen[c] = true;
  names[c] = name;
  return static_cast<int>(c);
}

}  // namespace

const std::vector<std::string>& entry_columns() {
  static const std::vector<std::string> columns = {
      "date",  "person",  "activity", "role",   "minutes",     "hours",
      "group", "setting", "format",   "leader", "co_leader",   "supervisor",
      "cases", "event",   "days",     "tags",   "verified_by", "note"};
  return columns;
}

EntryRowParser::EntryRowParser(std::string file, const CsvRecord& header,
                               PersonExists person_exists,
                               std::vector<std::string> known_person_ids)
    : file_(std::move(file)),
      person_exists_(std::move(person_exists)),
      known_ids_(std::move(known_person_ids)),
      names_(entry_columns()) {
  Problems problems(file_, header.line, header_errors_);
  std::vector<bool> seen(kColumnCount, false);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto name = detail::header_name(problems, header.fields[i], i);
    column_of_field_.push_back(name ? header_column(problems, *name, seen, names_) : -1);
  }
  for (int c : {kDate, kPerson, kActivity, kRole})
    if (!seen[static_cast<std::size_t>(c)])
      problems.add(entry_columns()[static_cast<std::size_t>(c)], "required column missing");
  if (!seen[kMinutes] && !seen[kHours])
    problems.add("minutes", "required column missing (give minutes or hours)");
}

std::optional<domain::Entry> EntryRowParser::parse(const CsvRecord& given,
                                                   std::vector<core::Diagnostic>& out) const {
  auto mapped = detail::mapped_cells(file_, given, column_of_field_, kColumnCount, out);
  if (!mapped) return std::nullopt;
  std::vector<Cell> cells = std::move(*mapped);
  const CsvRecord& rec = given;
  Problems problems(file_, rec.line, out);
  domain::Entry entry = EntryChecker(problems, std::move(cells), person_exists_, known_ids_, names_,
                                     latest_, decimal_comma_)
                            .run();
  if (problems.any()) return std::nullopt;
  entry.source = domain::Source{"import", file_, rec.line};
  return entry;
}

}  // namespace balint::io
