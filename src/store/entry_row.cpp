// The entry table's column list and row mapping (entry_row.hpp).
#include "entry_row.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"

namespace balint::store::detail {

std::string entry_columns(std::string_view alias, EntryFields fields) {
  std::string out;
  for (std::size_t c = 0; c < kEntryColumnNames.size(); ++c) {
    if (!fetched(fields, static_cast<EntryCol>(c))) continue;
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(kEntryColumnNames[c]);
  }
  return out;
}

void bad(std::string_view what, std::string_view value) {
  throw core::DataError(fmt::format("ledger: bad {} '{}' in an entry", what, value));
}

EntryScalars EntryRows::scalars() {
  EntryScalars s;
  s.id = int64(kId);
  const std::string_view date = word(kDate);
  if (date.empty() || !same(date, last_date_)) {
    const auto d = core::Date::parse(date);
    if (!d) bad("date", date);
    last_serial_ = d->serial();
    last_date_.assign(date);
  }
  s.date = last_serial_;
  s.activity =
      static_cast<std::uint8_t>(activity_.of(word(kActivity), domain::parse_activity, "activity"));
  s.role = static_cast<std::uint8_t>(role_.of(word(kRole), domain::parse_role, "role"));
  s.minutes = static_cast<std::int16_t>(integer(kMinutes));
  s.format = static_cast<std::uint8_t>(format_.of(word(kFormat), domain::parse_format, "format"));
  // Most entries give neither: asking whether the cell is NULL is then the one call.
  s.cases = null(kCases) ? -1 : integer(kCases);
  s.days = null(kDays) ? -1 : integer(kDays);
  s.source_line = source_ ? integer(kSourceLine) : 0;
  return s;
}

void EntryRows::read(domain::Entry& e) {
  to_entry(
      scalars(), word(kPerson), [this](int col) { return cell(col); }, e);
  e.voided = has(kVoidReason) && !null(kVoidReason);
  if (e.voided)
    e.void_reason.assign(text(kVoidReason));
  else
    e.void_reason.clear();
}

}  // namespace balint::store::detail
