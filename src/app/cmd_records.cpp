// membership add, accreditation add, enrol, document add.
#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "balint/service/names.hpp"
#include "balint/service/people.hpp"
#include "balint/service/records.hpp"
#include "cmd_rules.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

using service::known_names;
using service::NameKind;
using service::unknown_name;

std::string required_text(const po::variables_map& vm, const char* name) {
  std::string v = text_arg(opt_str(vm, name), name);
  if (v.empty()) throw core::UsageError(fmt::format("--{} is required", name));
  return v;
}

std::string id_arg(const po::variables_map& vm) {
  std::string id = opt_str(vm, "id");
  if (id.empty()) throw core::UsageError("a person ID is required");
  return id;
}

service::RecordOptions record_options(Context& ctx, const po::variables_map& vm) {
  return {[&ctx]() -> const rules::Catalogue& { return ctx.catalogue(); }, vm["new"].as<bool>(),
          "give --new to record a new one", "--"};
}

std::string family_arg(const po::variables_map& vm) {
  std::string f = opt_str(vm, "family");
  if (f.empty()) throw core::UsageError("--family FAMILY is required");
  service::check_family_name(f, {});
  return f;
}

void new_option(po::options_description& d, const char* what) {
  // clang-format off
  d.add_options()("new", po::bool_switch(),
                  fmt::format("accept a {} no installed rule set uses yet", what).c_str());
  // clang-format on
}

int cmd_membership_add(Context& ctx, const po::variables_map& vm) {
  domain::Membership m{id_arg(vm), required_text(vm, "body"), opt_date(vm, "from"),
                       opt_date_if(vm, "to")};
  const auto options = record_options(ctx, vm);
  service::check_membership(m, options);
  service::add_membership(ctx.ledger(), m, options);
  ctx.say(fmt::format("{}: member of {} from {}{}", m.person, m.body, m.from.iso(),
                      m.to ? " to " + m.to->iso() : ""));
  return 0;
}

int cmd_accreditation_add(Context& ctx, const po::variables_map& vm) {
  domain::Accreditation a{id_arg(vm), family_arg(vm), opt_date(vm, "on"),
                          text_arg(opt_str(vm, "note"), "--note")};
  auto& ledger = ctx.ledger();
  service::add_accreditation(ledger, a, "accreditation add", [&](std::string_view family) {
    if (vm["new"].as<bool>()) return std::string();
    std::string why = unknown_name(NameKind::family, family, known_names(ctx.catalogue(), ledger),
                                   "give --new to record a new one");
    return why.empty() ? why : fmt::format("--family: {}", why);
  });
  ctx.say(fmt::format("{}: accredited in {} on {}", a.person, a.family, a.on.iso()));
  return 0;
}

int cmd_enrol(Context& ctx, const po::variables_map& vm) {
  domain::Enrolment e{id_arg(vm), family_arg(vm), opt_date(vm, "on")};
  auto r = service::enrol(ctx.ledger(), e, record_options(ctx, vm));
  ctx.say(fmt::format("{}: {}enrolled in {} on {}", e.person, r.already ? "already " : "", e.family,
                      e.on.iso()));
  return 0;
}

int cmd_document_add(Context& ctx, const po::variables_map& vm) {
  domain::Document d;
  d.person = id_arg(vm);
  d.type = opt_str(vm, "type");
  service::check_document_type(d.type, {});
  d.on = opt_date(vm, "on");
  d.note = text_arg(opt_str(vm, "note"), "--note");
  std::string content;
  if (vm.count("file")) {
    d.file_name = opt_str(vm, "file");
    content = core::read_input(d.file_name, core::kDocumentInput);
  }
  auto r = service::add_document(ctx.ledger(), d, content, record_options(ctx, vm));
  ctx.say(fmt::format("{}: document {} ({}) on {}{}", d.person, r.id, d.type, d.on.iso(),
                      r.sha256.empty() ? "" : ", sha256 " + r.sha256));
  return 0;
}

int cmd_export_records(Context& ctx, const po::variables_map&) {
  auto& ledger = ctx.ledger();
  auto accreditations = ledger.accreditations();
  io::write_csv_row(ctx.out, io::record_columns());
  // kind, person, body, family, type, on, from, to, note
  for (const auto& id : ledger.person_ids()) {
    for (const auto& m : ledger.memberships(id))
      io::write_csv_row(ctx.out, {"membership", id, m.body, "", "", "", m.from.iso(),
                                  m.to ? m.to->iso() : "", ""});
    for (const auto& e : ledger.enrolments(id))
      io::write_csv_row(ctx.out, {"enrolment", id, "", e.family, "", e.on.iso(), "", "", ""});
    for (const auto& a : accreditations)
      if (a.person == id)
        io::write_csv_row(ctx.out,
                          {"accreditation", id, "", a.family, "", a.on.iso(), "", "", a.note});
    for (const auto& d : ledger.documents(id))
      io::write_csv_row(ctx.out, {"document", id, "", "", d.type, d.on.iso(), "", "", d.note});
  }
  return 0;
}

}  // namespace

void add_record_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"membership add", "record a membership period",
               "membership add ID --body BODY --from DATE [--to DATE] [--new]",
               "Records that the person was a member of BODY from a date, until a date or "
               "open-ended. Rule sets that require membership check that it covers the "
               "evaluation date. BODY must be one the installed rule sets (or earlier records) "
               "use, spelt the same; --new records another.",
               {"balint membership add zoe --body 'UK Balint Society' --from 2023-01-01"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 d.add_options()
                     ("body", po::value<std::string>()->value_name("BODY"), "the society")
                     ("from", po::value<std::string>()->value_name("DATE"), "first day")
                     ("to", po::value<std::string>()->value_name("DATE"), "last day (omit if current)");
                 new_option(d, "body");
               },
               cmd_membership_add, Need::ledger_write | Need::catalogue});
  // clang-format on
  // clang-format off
  t.push_back({"accreditation add", "record an accreditation someone holds",
               "accreditation add ID --family FAMILY --on DATE [--note N] [--new]",
               "Records that the person holds an accreditation of a rule-set family (for example "
               "bbs-leader) granted on a date. Use it also for accredited leaders and supervisors "
               "from outside this ledger, so that sessions with them count. "
               "FAMILY must be one the installed rule sets (or earlier records) use; --new "
               "records another.",
               {"balint accreditation add helen --family bbs-leader --on 2015-06-01 --note 'Council minute 12'"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 d.add_options()
                     ("family", po::value<std::string>()->value_name("FAMILY"), "e.g. bbs-leader")
                     ("on", po::value<std::string>()->value_name("DATE"), "date granted")
                     ("note", po::value<std::string>()->value_name("N"), "a note");
                 new_option(d, "family");
               },
               cmd_accreditation_add, Need::ledger_write | Need::catalogue});
  // clang-format on
  // clang-format off
  t.push_back({"enrol", "record the date someone joined a pathway", "enrol ID --family FAMILY --on DATE [--new]",
               "Records when the person entered an accreditation pathway; the date decides which "
               "edition of the rules applies to them (grandfathering). "
               "FAMILY must be one the installed rule sets (or earlier records) use; --new "
               "records another.",
               {"balint enrol cailin --family bbs-leader --on 2022-09-01"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 d.add_options()
                     ("family", po::value<std::string>()->value_name("FAMILY"), "e.g. bbs-leader")
                     ("on", po::value<std::string>()->value_name("DATE"), "enrolment date");
                 new_option(d, "family");
               },
               cmd_enrol, Need::ledger_write | Need::catalogue});
  // clang-format on
  // clang-format off
  t.push_back({"document add", "record a document such as a supervisor's report",
               "document add ID --type TYPE --on DATE [--file PATH] [--note N] [--new]",
               "Records a document. With --file the file itself is stored in the ledger with its "
               "SHA-256, so a later copy can be checked against it. TYPE must be one the installed "
               "rule sets (or earlier records) use; --new records another.",
               {"balint document add cailin --type supervisor-report --on 2025-06-30 --file report.pdf"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 d.add_options()
                     ("type", po::value<std::string>()->value_name("TYPE"), "e.g. supervisor-report")
                     ("on", po::value<std::string>()->value_name("DATE"), "the document's date")
                     ("file", po::value<std::string>()->value_name("PATH"), "the file to store")
                     ("note", po::value<std::string>()->value_name("N"), "a note");
                 new_option(d, "document type");
               },
               cmd_document_add, Need::ledger_write | Need::catalogue});
  // clang-format on
  // clang-format off
  t.push_back({"export records", "write memberships, enrolments, accreditations, documents as CSV",
               "export records",
               "Writes every membership, enrolment, accreditation and document as one CSV with "
               "the columns of 'import records' (kind, person, body, family, type, on, from, to, "
               "note), person by person; it re-imports as it is. A document's stored file is "
               "not written (it stays in the ledger and its backups).",
               {"balint export records > records.csv"},
               [](po::options_description&, po::positional_options_description&) {},
               cmd_export_records, Need::ledger_read});
  // clang-format on
}

}  // namespace balint::app
