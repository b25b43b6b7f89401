#include "balint/service/records.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"

namespace balint::service {
namespace {

// Refuses a name no installed rule set and no record in the ledger uses, unless accept_new.
void check_record_name(const store::Ledger& ledger, const RecordOptions& o, NameKind kind,
                       const char* field, const std::string& value) {
  if (o.accept_new || !o.catalogue) return;
  std::string why = unknown_name(kind, value, known_names(o.catalogue(), ledger), o.new_hint);
  if (!why.empty()) throw core::UsageError(fmt::format("{}{}: {}", o.field_prefix, field, why));
}

void check_record_text(const std::string& text, const RecordOptions& o, const char* field) {
  if (!core::valid_utf8(text))
    throw core::UsageError(fmt::format("{}{}: not valid UTF-8", o.field_prefix, field));
}

}  // namespace

void require_record_person(const store::Ledger& ledger, const std::string& person,
                           const char* what) {
  if (ledger.has_person(person)) return;
  throw core::UsageError(fmt::format("{}: no person '{}' in the ledger{}", what, person,
                                     core::did_you_mean(person, ledger.person_ids())));
}

void check_family_name(const std::string& family, const RecordOptions& o) {
  if (!core::valid_handle(family))
    throw core::UsageError(fmt::format("{}family: '{}' is not a family name such as bbs-leader",
                                       o.field_prefix, family));
}

void check_document_type(const std::string& type, const RecordOptions& o) {
  if (!core::valid_handle(type))
    throw core::UsageError(fmt::format(
        "{}type: '{}' is not a document type such as supervisor-report", o.field_prefix, type));
}

void check_membership(const domain::Membership& m, const RecordOptions& o) {
  check_record_text(m.body, o, "body");
  if (m.body.empty()) throw core::UsageError(fmt::format("{}body is required", o.field_prefix));
  if (m.to && *m.to < m.from)
    throw core::UsageError(fmt::format("{}to {} is before {}from {}", o.field_prefix, m.to->iso(),
                                       o.field_prefix, m.from.iso()));
}

std::int64_t add_membership(store::Ledger& ledger, const domain::Membership& m,
                            const RecordOptions& o) {
  check_membership(m, o);
  std::int64_t id = 0;
  ledger.transaction([&] {
    require_record_person(ledger, m.person, "membership add");
    check_record_name(ledger, o, NameKind::membership_body, "body", m.body);
    id = ledger.add_membership(m);
    store::ActivityNote note{"membership add",
                             "membership",
                             std::to_string(id),
                             {m.person},
                             {{"body", m.body}, {"from", m.from.iso()}}};
    if (m.to) note.detail.emplace_back("to", m.to->iso());
    ledger.record(note);
  });
  return id;
}

EnrolResult enrol(store::Ledger& ledger, const domain::Enrolment& e, const RecordOptions& o) {
  check_family_name(e.family, o);
  EnrolResult r;
  ledger.transaction([&] {
    r = {};  // a retried transaction starts again
    require_record_person(ledger, e.person, "enrol");
    check_record_name(ledger, o, NameKind::family, "family", e.family);
    for (const auto& old : ledger.enrolments(e.person)) {
      if (old.family != e.family) continue;
      if (old.on != e.on)
        throw core::UsageError(
            fmt::format("{} is already enrolled in {} since {}", e.person, e.family, old.on.iso()));
      r.already = true;
    }
    if (r.already) return;
    r.id = ledger.add_enrolment(e);
    ledger.record({"enrol",
                   "enrolment",
                   std::to_string(r.id),
                   {e.person},
                   {{"family", e.family}, {"on", e.on.iso()}}});
  });
  return r;
}

DocumentResult add_document(store::Ledger& ledger, const domain::Document& d,
                            const std::string& content, const RecordOptions& o) {
  check_document_type(d.type, o);
  check_record_text(d.note, o, "note");
  DocumentResult r;
  if (!d.file_name.empty()) r.sha256 = store::sha256_hex(content);
  ledger.transaction([&] {
    require_record_person(ledger, d.person, "document add");
    check_record_name(ledger, o, NameKind::document_type, "type", d.type);
    r.id = ledger.add_document(d, content);
    store::ActivityNote note{"document add",
                             "document",
                             std::to_string(r.id),
                             {d.person},
                             {{"type", d.type}, {"on", d.on.iso()}}};
    if (!d.file_name.empty()) note.detail.emplace_back("sha256", r.sha256);
    ledger.record(note);
  });
  return r;
}

}  // namespace balint::service
