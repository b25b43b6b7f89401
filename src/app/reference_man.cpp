// The man page, balint(1), in roff.
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

#include "balint/app/app.hpp"
#include "reference.hpp"

namespace balint::app::reference {
namespace {

// ---- roff ----

// Text for a roff line: backslashes and hyphens escaped, and a leading '.' or '\'' made literal.
// Characters beyond ASCII as \[uXXXX], which groff reads whatever the locale.
std::string roff(const std::string& s) {
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (s[i] == '\\') {
      r += "\\e";
    } else if (s[i] == '-') {
      r += "\\-";
    } else if (b < 0x80) {
      r += s[i];
    } else {  // the command table is valid UTF-8 (its own text)
      const int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      char32_t cp = b & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
      for (int k = 1; k < len && i + 1 < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f);
      r += fmt::format("\\[u{:04X}]", static_cast<std::uint32_t>(cp));
    }
  }
  if (!r.empty() && (r[0] == '.' || r[0] == '\'')) r = "\\&" + r;
  return r;
}

std::string roff_option(const Opt& o) {
  std::string r;
  if (!o.short_name.empty()) r += "\\fB" + roff(o.short_name) + "\\fR, ";
  r += "\\fB" + roff("--" + o.long_name) + "\\fR";
  if (!o.arg.empty()) r += " \\fI" + roff(o.arg) + "\\fR";
  return r;
}

void roff_options(std::ostream& out, const std::vector<Opt>& opts) {
  for (const auto& o : opts) out << ".TP\n" << roff_option(o) << "\n" << roff(o.help) << "\n";
}

}  // namespace

void write_man_page(std::ostream& out, const std::vector<Command>& table) {
  out << ".\\\" balint(1): generated from balint's command table by balint-reference; do not "
         "edit.\n"
      << ".TH BALINT 1 \"\" \"balint " << BALINT_VERSION << "\" \"User Commands\"\n"
      << ".SH NAME\nbalint \\- a ledger of Balint group work: sessions, accreditation progress, "
         "CPD certificates, audits\n"
      << ".SH SYNOPSIS\n\\fBbalint\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n"
      << "\\fBbalint help\\fR \\fICOMMAND\\fR\n.br\n\\fBbalint \\-\\-version\\fR\n"
      << ".SH DESCRIPTION\n"
      << "balint keeps a ledger of Balint group sessions, supervision and training in a SQLite "
         "file, shows each person's progress towards an accreditation or CPD target, issues "
         "signed certificates and audits a society. Each command below also shows its help "
         "with \\fB\\-\\-help\\fR.\n"
      << ".SH COMMANDS\n";
  for (const auto& c : table) {
    out << ".SS \"" << roff(c.name) << "\"\n"
        << roff(c.summary) << ".\n.PP\n\\fBbalint " << roff(c.usage) << "\\fR\n.PP\n"
        << roff(c.description) << "\n";
    const auto opts = own_options(c);
    if (!opts.empty()) {
      out << ".PP\nOptions:\n.RS\n";
      roff_options(out, opts);
      out << ".RE\n";
    }
    out << ".PP\n" << (c.examples.size() == 1 ? "Example:" : "Examples:") << "\n.RS\n";
    for (const auto& e : c.examples) out << ".nf\n" << roff(e) << "\n.fi\n";
    out << ".RE\n";
  }
  out << ".SH GLOBAL OPTIONS\nEvery command takes these.\n";
  roff_options(out, options_of(global_options()));
  out << ".SH ENVIRONMENT\n"
      << ".TP\n\\fBBALINT_DB\\fR\nthe ledger file, unless \\fB\\-\\-db\\fR is given\n"
      << ".TP\n\\fBBALINT_RULES_DIR\\fR\na folder of rule files, searched before the installed "
         "ones\n"
      << ".TP\n\\fBBALINT_TEMPLATES_DIR\\fR\na folder of PDF templates, searched before the "
         "installed ones\n"
      << ".SH FILES\n"
      << ".TP\n\\fI$XDG_DATA_HOME/balint/ledger.sqlite\\fR\nthe ledger by default "
         "(\\fI~/.local/share/balint/ledger.sqlite\\fR)\n"
      << ".TP\n\\fI$XDG_CONFIG_HOME/balint/config\\fR\nthe settings file "
         "(\\fI~/.config/balint/config\\fR)\n"
      << ".SH EXIT STATUS\n"
      << "0 on success; 64 for a wrong command line; 65 for wrong data (an import, a rule file); "
         "66 for a missing input or ledger; other codes as in sysexits.h.\n";
}

}  // namespace balint::app::reference
