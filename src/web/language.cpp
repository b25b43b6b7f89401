// The language of a page (language.hpp): choosing it, its catalogue, its dates and numbers.
#include "language.hpp"

#include <boost/locale.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "balint/core/quantity.hpp"
#include "http_text.hpp"

namespace balint::web {
namespace {

const std::string kEnglish = "en";

// This thread's request's language and its locale (nullptr: English, the msgids themselves).
thread_local const std::string* t_code = &kEnglish;
thread_local const std::locale* t_locale = nullptr;

// A q-value in thousandths ("0.8" -> 800; "1" -> 1000); -1 when it is not one.
int qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
  int q = (v[0] - '0') * 1000;
  if (v.size() == 1) return q;
  if (v[1] != '.' || v.size() > 5) return -1;
  int scale = 100;
  for (char ch : v.substr(2)) {
    if (ch < '0' || ch > '9') return -1;
    q += (ch - '0') * scale;
    scale /= 10;
  }
  return q <= 1000 ? q : -1;
}

}  // namespace

bool offered(std::string_view code) {
  return std::any_of(std::begin(kLanguages), std::end(kLanguages),
                     [&](const LanguageName& l) { return l.code == code; });
}

std::string choose_language(std::string_view chosen, std::string_view accept_language) {
  if (offered(chosen)) return std::string(chosen);
  // Accept-Language: de-AT, el;q=0.9, en;q=0.5 (RFC 9110 §12.5.4): the offered language of the
  // highest q, the first of those given on a tie; "*" and languages not offered are passed over.
  std::string best = kEnglish;
  int best_q = 0;
  std::size_t pos = 0;
  while (pos <= accept_language.size()) {
    auto comma = accept_language.find(',', pos);
    if (comma == std::string_view::npos) comma = accept_language.size();
    std::string_view item = accept_language.substr(pos, comma - pos);
    pos = comma + 1;
    auto semi = item.find(';');
    std::string tag = ascii_lower(trim_ows(item.substr(0, semi)));
    int q = 1000;
    if (semi != std::string_view::npos) {
      std::string_view params = trim_ows(item.substr(semi + 1));
      params = trim_ows(params.substr(0, params.find(';')));  // the weight; nothing else is defined
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=')
        q = qvalue(trim_ows(params.substr(2)));
    }
    std::string primary = tag.substr(0, tag.find('-'));
    if (q > best_q && offered(primary)) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

Languages::Languages(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  boost::locale::generator gen;
  for (const auto& d : dirs) gen.add_messages_path(d);
  gen.add_messages_domain("balint");
  for (const auto& l : kLanguages) {
    const std::string code(l.code);
    // ICU names the language; UTF-8 is the pages' encoding.
    locales_.emplace(code, gen(code +
                               (code == "en"   ? "_GB"
                                : code == "de" ? "_DE"
                                               : "_GR") +
                               ".UTF-8"));
    if (code == kEnglish) continue;
    bool found = std::any_of(dirs.begin(), dirs.end(), [&](const std::string& d) {
      return fs::is_regular_file(fs::path(d) / code / "LC_MESSAGES" / "balint.mo");
    });
    if (!found) missing_.push_back(code);
  }
}

const std::string& Languages::code(const std::string& code) const {
  auto it = locales_.find(code);
  return it != locales_.end() ? it->first : kEnglish;
}

const std::locale& Languages::locale(const std::string& code) const {
  auto it = locales_.find(code);
  return it != locales_.end() ? it->second : locales_.at(kEnglish);
}

std::vector<std::string> locale_dirs() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("BALINT_LOCALE_DIR"); env && *env) out.emplace_back(env);
  out.emplace_back(BALINT_INSTALL_LOCALE_DIR);
  out.emplace_back(BALINT_BUILD_LOCALE_DIR);
  return out;
}

LanguageScope::LanguageScope(const Languages& all, const std::string& code) {
  if (code == kEnglish || !all.has(code)) return;
  t_code = &all.code(code);
  t_locale = &all.locale(code);
}

LanguageScope::~LanguageScope() {
  t_code = &kEnglish;
  t_locale = nullptr;
}

const std::string& current_language() { return *t_code; }

std::string tr(const char* msgid) {
  if (!t_locale) return msgid;
  return boost::locale::gettext(msgid, *t_locale);
}

std::string vocab_text(std::string_view word) {
  // Each spelled out, so that xgettext finds them.
  if (word == "group") return tr("group");
  if (word == "leadership-training") return tr("leadership-training");
  if (word == "supervision") return tr("supervision");
  if (word == "peer-supervision") return tr("peer-supervision");
  if (word == "other-cpd") return tr("other-cpd");
  if (word == "member") return tr("member");
  if (word == "leader") return tr("leader");
  if (word == "co-leader") return tr("co-leader");
  if (word == "supervisee") return tr("supervisee");
  if (word == "supervisor") return tr("supervisor");
  if (word == "participant") return tr("participant");
  if (word == "facilitator") return tr("facilitator");
  if (word == "in-person") return tr("in-person");
  if (word == "online") return tr("online");
  return std::string(word);
}

std::string date_text(core::Date d, bool long_form) {
  if (!t_locale) return d.iso();
  static const std::int32_t kEpoch = core::Date::from_ymd(1970, 1, 1).serial();
  // Noon UTC of the day, shown in UTC: the same day whatever the server's time zone.
  const auto t = static_cast<std::time_t>(d.serial() - kEpoch) * 86400 + 43200;
  std::ostringstream out;
  out.imbue(*t_locale);
  out << boost::locale::as::date << boost::locale::as::gmt
      << (long_form ? boost::locale::as::date_long : boost::locale::as::date_medium) << t;
  return out.str();
}

std::string number_text(core::Centi n) {
  if (!t_locale) return n.short_str();
  std::ostringstream out;
  out.imbue(*t_locale);
  out << boost::locale::as::number << static_cast<double>(n.v) / 100.0;
  return out.str();
}

std::string hours_text(std::int64_t minutes) {
  if (!t_locale) return core::hours_str(minutes);
  std::ostringstream out;
  out.imbue(*t_locale);
  out << boost::locale::as::number << std::fixed << std::setprecision(2)
      << static_cast<double>(core::Centi::from_minutes(minutes).v) / 100.0;
  return out.str();
}

}  // namespace balint::web
