// Fuzzes the entry import path: CSV records (io::parse_csv, and io::read_csv on the same bytes
// as a file), then EntryRowParser on them, as `balint import entries` does.
//
// Properties checked besides "no crash, no sanitizer report, only our own errors":
//  - read_csv (the file reader `import` uses) and parse_csv agree record by record;
//  - every record written back with write_csv_row reads back as the same fields;
//  - every entry accepted has a date of 1900-2999, 1-1440 minutes, a known person, and NFC
//    UTF-8 text without NUL bytes, no cell longer than 10,000 bytes;
//  - export → import is the identity: io::entry_row of an accepted entry, written as CSV under
//    the SPEC header, parses back to the same entry (SPEC §4: "the CSV re-imports as it is").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/entry_export.hpp"
#include "balint/io/rows.hpp"
#include "fuzz_common.hpp"

using namespace balint;

namespace {

const std::vector<std::string> kPeople = {"ann", "bo", "helen", "zoe", "z.x_y-1"};

struct Parsed {
  std::vector<io::CsvRecord> records;
  std::optional<std::string> error;  // the first line of a core::Error
};

template <typename Read>
Parsed collect(Read read) {
  Parsed p;
  try {
    read([&p](const io::CsvRecord& r) { p.records.push_back(r); });
  } catch (const core::Error& e) {
    p.error = e.lines().empty() ? std::string() : e.lines().front();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("csv reader", &e);
  }
  return p;
}

bool same_records(const std::vector<io::CsvRecord>& a, const std::vector<io::CsvRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].line != b[i].line || a[i].fields != b[i].fields) return false;
  return true;
}

// write_csv_row then parse_csv gives the same fields back, once the one apostrophe that
// write_csv_row puts before a formula-like cell (= + - @ tab CR, OWASP) is taken off again as
// import takes it off (io::is_neutralised_formula), and only then. Two things cannot survive
// and are left out: a first field starting with a BOM (a reader drops a leading BOM), and a
// value that itself begins with an apostrophe and a formula character (import takes that
// apostrophe off: the documented cost of the rule, README "CSV output").
void check_write_read(const io::CsvRecord& rec) {
  if (!rec.fields.empty() && rec.fields[0].rfind("\xEF\xBB\xBF", 0) == 0) return;
  for (const auto& f : rec.fields)
    if (io::is_neutralised_formula(f)) return;
  std::ostringstream out;
  io::write_csv_row(out, rec.fields);
  std::vector<io::CsvRecord> back;
  try {
    io::parse_csv(out.str(), "rewritten", [&back](const io::CsvRecord& r) { back.push_back(r); });
  } catch (const core::Error& e) {
    fuzz::check(false, "a row written by write_csv_row does not parse");
  }
  fuzz::check(back.size() == 1 && back[0].fields.size() == rec.fields.size(),
              "write_csv_row → parse_csv changed the number of fields");
  for (std::size_t i = 0; i < rec.fields.size(); ++i) {
    std::string_view read = back[0].fields[i];
    if (io::is_neutralised_formula(read)) read.remove_prefix(1);
    fuzz::check(read == rec.fields[i], "write_csv_row → parse_csv changed the fields");
  }
}

bool known(const std::string& id) {
  for (const auto& p : kPeople)
    if (p == id) return true;
  return false;
}

void check_entry(const domain::Entry& e) {
  fuzz::check(e.date.year() >= 1900 && e.date.year() <= 2999, "entry date out of range");
  fuzz::check(e.minutes >= 1 && e.minutes <= 1440, "entry minutes out of range");
  fuzz::check(known(e.person), "entry names an unknown person");
  for (const std::string* id : {&e.leader, &e.co_leader, &e.supervisor, &e.verified_by})
    fuzz::check(id->empty() || known(*id), "entry names an unknown leader/supervisor");
  for (const std::string* s : {&e.group, &e.setting, &e.event, &e.note}) {
    fuzz::check(core::valid_utf8(*s) && core::nfc(*s) == *s, "entry text not NFC UTF-8");
    // NFC may lengthen text a little; no accepted cell held more than 10,000 bytes or a NUL.
    fuzz::check(s->size() <= 3 * 10000 && s->find('\0') == std::string::npos,
                "entry text too long or with a NUL byte");
  }
  for (const auto& t : e.tags) fuzz::check(!t.empty() && core::valid_utf8(t), "bad tag");
  if (e.cases) fuzz::check(*e.cases >= 0, "negative cases");
  if (e.days) fuzz::check(*e.days >= 1, "days below 1");
}

bool same_entry(const domain::Entry& a, const domain::Entry& b) {
  return a.date == b.date && a.person == b.person && a.activity == b.activity && a.role == b.role &&
         a.minutes == b.minutes && a.group == b.group && a.setting == b.setting &&
         a.format == b.format && a.leader == b.leader && a.co_leader == b.co_leader &&
         a.supervisor == b.supervisor && a.cases == b.cases && a.event == b.event &&
         a.days == b.days && a.tags == b.tags && a.verified_by == b.verified_by && a.note == b.note;
}

// What `balint export entries` writes for `e`, imported again.
void check_export_import(const domain::Entry& e) {
  std::ostringstream out;
  io::write_csv_row(out, io::entry_columns());
  io::write_csv_row(out, io::entry_row(e));
  std::vector<io::CsvRecord> recs;
  io::parse_csv(out.str(), "export.csv", [&recs](const io::CsvRecord& r) { recs.push_back(r); });
  fuzz::check(recs.size() == 2, "exported entry does not read back as header + one row");
  io::EntryRowParser parser("export.csv", recs[0], nullptr, kPeople);
  fuzz::check(parser.header_errors().empty(), "export header refused");
  std::vector<core::Diagnostic> problems;
  auto back = parser.parse(recs[1], problems);
  if (!back) {
    for (const auto& d : problems) std::fprintf(stderr, "  %s\n", d.str().c_str());
    fuzz::check(false, "an exported entry is refused on import");
  }
  fuzz::check(same_entry(e, *back), "export → import changed the entry");
}

void validate(const std::vector<io::CsvRecord>& records) {
  if (records.empty()) return;
  io::EntryRowParser parser("fuzz.csv", records[0], nullptr, kPeople);
  std::vector<core::Diagnostic> problems;
  for (std::size_t i = 1; i < records.size(); ++i) {
    std::size_t before = problems.size();
    auto e = parser.parse(records[i], problems);
    fuzz::check(e.has_value() == (problems.size() == before),
                "parse gave an entry and diagnostics, or neither");
    if (!e) continue;
    check_entry(*e);
    if (parser.header_errors().empty()) check_export_import(*e);
  }
  for (const auto& d : problems) fuzz::check(d.line == 0 || d.line >= 1, "bad diagnostic line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    Parsed mem = collect([&](auto fn) { io::parse_csv(text, "fuzz.csv", fn); });
    // read_csv costs a fresh 1 MB buffer (page faults, not parsing): one input in 32.
    if (size % 32 == 0) {
      std::string path = fuzz::write_scratch("fuzz.csv", text);
      Parsed file = collect([&](auto fn) { io::read_csv(path, fn); });
      // A file that starts with a UTF-16 byte-order mark is decoded by read_csv (import
      // takes Excel's "Unicode text"); parse_csv takes UTF-8 text only, so those bytes are
      // something else to it. For every other input the two agree record by record.
      const bool utf16 = text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF";
      fuzz::check(utf16 || (same_records(mem.records, file.records) &&
                            mem.error.has_value() == file.error.has_value()),
                  "read_csv and parse_csv disagree");
    }
    for (const auto& r : mem.records) check_write_read(r);
    if (!mem.error) validate(mem.records);
  } catch (const core::Error&) {
    // A refusal in our own terms is a correct answer.
  } catch (const std::bad_alloc&) {
    throw;  // libFuzzer reports out-of-memory itself
  } catch (const std::exception& e) {
    fuzz::foreign_exception("import entries", &e);
  }
  return 0;
}
