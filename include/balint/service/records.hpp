#pragma once
// A person's records (SPEC §5): memberships, enrolments in a pathway and documents, with the
// names they use checked against the installed rule sets and the ledger (issue 16), each write
// in one transaction with its activity-log record. The command line (`membership add`, `enrol`,
// `document add`) and the secretary's pages call these same functions.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "balint/domain/model.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/service/names.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// How a record's fields are named in refusals, and whether its name (body, family, document
/// type) must be one the installed rule sets or the ledger use.
struct RecordOptions {
  /// Names are checked against the installed rule sets and the ledger unless `accept_new`
  /// (`--new`); the rule sets are asked for only then (the command line loads them lazily).
  std::function<const rules::Catalogue&()> catalogue;
  bool accept_new = false;
  /// Ends the refusal of an unknown name ("give --new to record a new one").
  std::string new_hint;
  /// Put before a field's name in a refusal: "--" on the command line ("--body: ..."), "" on
  /// the web ("body: ...").
  std::string field_prefix = "--";
};

/// UsageError naming `what` (the command, e.g. "enrol") when `person` is not in the ledger.
void require_record_person(const store::Ledger& ledger, const std::string& person,
                           const char* what);

/// UsageError when `family` is not a family name (a handle such as bbs-leader).
void check_family_name(const std::string& family, const RecordOptions& options);
/// UsageError when `type` is not a document type (a handle such as supervisor-report).
void check_document_type(const std::string& type, const RecordOptions& options);

/// UsageError for an empty body or one not UTF-8, or `to` before `from` (add_membership checks
/// it too; the command line asks before it opens the ledger).
void check_membership(const domain::Membership& m, const RecordOptions& options);
/// Records a membership of `m.body` from `m.from` (to `m.to`, when given). UsageError for an
/// empty or unknown body, `to` before `from`, or an unknown person. Returns its row id.
std::int64_t add_membership(store::Ledger& ledger, const domain::Membership& m,
                            const RecordOptions& options);

/// What `enrol` did: the row added, or nothing when the person was enrolled in the family on
/// that date already (`already`).
struct EnrolResult {
  std::int64_t id = 0;
  bool already = false;
};
/// Enrols `e.person` in a pathway family on `e.on`. UsageError for a bad or unknown family, an
/// unknown person, or an enrolment in the family on another date.
EnrolResult enrol(store::Ledger& ledger, const domain::Enrolment& e, const RecordOptions& options);

/// What `document add` stored.
struct DocumentResult {
  std::int64_t id = 0;
  std::string sha256;  ///< lower-case hex of the content; "" when no file was given
};
/// Records a document; when `d.file_name` is not empty `content` is stored with it and its
/// SHA-256 (the ledger's document row and the activity log's record). UsageError for a bad or
/// unknown type, a note that is not UTF-8, or an unknown person.
DocumentResult add_document(store::Ledger& ledger, const domain::Document& d,
                            const std::string& content, const RecordOptions& options);

}  // namespace balint::service
