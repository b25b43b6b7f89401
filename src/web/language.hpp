#pragma once
// The language of a page: English, German or Greek, chosen per request (never through the
// process's locale: the server is multi-threaded), with its gettext catalogue and its way of
// writing dates and numbers (Boost.Locale; ICU, so no system locale has to be generated).
#include <locale>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"

namespace balint::web {

/// A language the pages are offered in: its code (ISO 639-1) and its name in itself.
struct LanguageName {
  std::string_view code;
  std::string_view name;
};
inline constexpr LanguageName kLanguages[] = {
    {"en", "English"}, {"de", "Deutsch"}, {"el", "Ελληνικά"}};

/// True for a code of kLanguages.
bool offered(std::string_view code);

/// The language of a request: `chosen` (the `lang` cookie or parameter) when offered, else the
/// offered language the `Accept-Language` header prefers most (its q-values; q=0 refuses a
/// language), else English.
std::string choose_language(std::string_view chosen, std::string_view accept_language);

/// The catalogues (domain "balint") and formats of every offered language, made once.
class Languages {
 public:
  /// `dirs`: folders of LANG/LC_MESSAGES/balint.mo, the first that has a language's file wins.
  explicit Languages(const std::vector<std::string>& dirs);
  bool has(const std::string& code) const { return locales_.count(code) > 0; }
  /// The code as kept here (alive as long as this), and its locale; English for another code.
  const std::string& code(const std::string& code) const;
  const std::locale& locale(const std::string& code) const;
  /// The offered languages other than English that have no catalogue in `dirs`.
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  std::map<std::string, std::locale> locales_;
  std::vector<std::string> missing_;
};

/// The folders a catalogue is looked for in: $BALINT_LOCALE_DIR, the installed share/locale,
/// this build's locale/.
std::vector<std::string> locale_dirs();

/// While alive, tr() and the formats below on this thread are those of `code`.
class LanguageScope {
 public:
  LanguageScope(const Languages& all, const std::string& code);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;
};

/// The language of this thread's request ("en" outside a LanguageScope).
const std::string& current_language();

/// The message in this thread's language (English: the msgid itself).
std::string tr(const char* msgid);

/// A date as this thread's language writes it (English: ISO 8601, as before); `long_form`:
/// with the month's name ("7. Dezember 2026"), else short ("07.12.2026").
std::string date_text(core::Date d, bool long_form = false);

/// A word of the ledger's vocabulary (SPEC §5: activity, role, format, as the ledger spells it)
/// in this thread's language; English and a word it does not know: the word itself.
std::string vocab_text(std::string_view word);

/// A figure (a count, hours or credits, a percentage's number) as few decimals as it needs
/// ("7,5"); English: Centi::short_str ("7.5").
std::string number_text(core::Centi n);

/// Hours with two decimals in this thread's language ("1,50"); English: core::hours_str ("1.50").
std::string hours_text(std::int64_t minutes);

}  // namespace balint::web
