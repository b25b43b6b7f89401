#pragma once
// Ledger records as plain values, and PersonHistory: all that evaluation needs about one person.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/vocab.hpp"

namespace balint::domain {

struct Person {
  std::string id;
  std::string name;  // NFC
  std::string email;
  std::map<std::string, std::string> attrs;
};

/// Where an entry came from: an import file and line, or a command.
struct Source {
  std::string kind;  // "import" or "log"
  std::string file;
  int line = 0;
};

/// One logged session for one person (SPEC §5 fields).
struct Entry {
  std::int64_t id = 0;
  core::Date date;
  std::string person;
  Activity activity = Activity::group;
  Role role = Role::member;
  int minutes = 0;
  std::string group;
  std::string setting;
  Format format = Format::in_person;
  std::string leader;
  std::string co_leader;
  std::string supervisor;
  std::optional<int> cases;
  std::string event;
  std::optional<int> days;
  std::vector<std::string> tags;
  std::string verified_by;
  std::string note;
  bool voided = false;
  std::string void_reason;
  Source source;
};

struct Membership {
  std::string person;
  std::string body;
  core::Date from;
  std::optional<core::Date> to;
  bool covers(core::Date d) const { return from <= d && (!to || d <= *to); }
};

struct Accreditation {
  std::string person;
  std::string family;
  core::Date on;
  std::string note;
};

struct Enrolment {
  std::string person;
  std::string family;
  core::Date on;
};

struct Document {
  std::int64_t id = 0;
  std::string person;
  std::string type;
  core::Date on;
  std::string file_name;  // as given, may be empty
  std::string sha256;     // hex, empty when no file
  std::string note;
};

struct Waiver {
  std::int64_t id = 0;
  std::string person;
  std::string ruleset;
  std::string requirement;
  std::string reason;
  std::string by;
  core::Date on;
};

/// Everything about one person that a rule evaluation may look at.
struct PersonHistory {
  Person person;
  std::vector<Entry> entries;  // by date, then id; voided ones included (marked)
  std::vector<Membership> memberships;
  std::vector<Accreditation> accreditations;
  std::vector<Enrolment> enrolments;
  std::vector<Document> documents;
  std::vector<Waiver> waivers;
};

/// Accreditations of everyone (co-leaders, supervisors ...), to answer "was X accredited
/// in one of these families on that date".
class AccreditationIndex {
 public:
  AccreditationIndex() = default;
  explicit AccreditationIndex(const std::vector<Accreditation>& all);
  /// True when `person` was granted an accreditation of one of `families` on or before `on`.
  bool held(const std::string& person, const std::set<std::string>& families, core::Date on) const;
  /// The earliest such grant, if any.
  std::optional<core::Date> first_granted(const std::string& person,
                                          const std::set<std::string>& families) const;

 private:
  std::map<std::string, std::vector<Accreditation>> by_person_;
};

}  // namespace balint::domain
