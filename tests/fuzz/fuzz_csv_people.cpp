// Fuzzes the people import path: io::parse_csv, then PersonRowParser, as `balint import
// people` does. Besides "no crash, no sanitizer report, only our own errors", every person
// accepted must have a valid handle, a non-empty NFC UTF-8 name, and valid attribute keys.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "fuzz_common.hpp"

using namespace balint;

namespace {

void check_person(const domain::Person& p) {
  fuzz::check(core::valid_handle(p.id), "accepted person id is not a valid handle");
  fuzz::check(!p.name.empty() && core::valid_utf8(p.name) && core::nfc(p.name) == p.name,
              "accepted name empty or not NFC UTF-8");
  fuzz::check(core::valid_utf8(p.email), "accepted email not UTF-8");
  for (const std::string* s : {&p.name, &p.email})
    fuzz::check(s->size() <= 3 * 10000 && s->find('\0') == std::string::npos,
                "accepted name or email too long or with a NUL byte");
  for (const auto& [k, v] : p.attrs) {
    fuzz::check(core::valid_handle(k), "accepted attribute key is not a handle");
    fuzz::check(!v.empty() && core::valid_utf8(v), "accepted attribute value empty or not UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<io::CsvRecord> records;
    io::parse_csv(text, "people.csv", [&records](const io::CsvRecord& r) { records.push_back(r); });
    if (records.empty()) return 0;
    io::PersonRowParser parser("people.csv", records[0]);
    std::vector<core::Diagnostic> problems;
    for (std::size_t i = 1; i < records.size(); ++i) {
      std::size_t before = problems.size();
      auto p = parser.parse(records[i], problems);
      fuzz::check(p.has_value() == (problems.size() == before),
                  "parse gave a person and diagnostics, or neither");
      if (p) check_person(*p);
    }
  } catch (const core::Error&) {
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("import people", &e);
  }
  return 0;
}
