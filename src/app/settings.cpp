#include "settings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <sstream>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"

namespace balint::app {
namespace {

// The keys a settings file may hold; rules-dir may be repeated.
const std::vector<std::string> kKeys = {"db",    "rules-dir", "templates-dir", "as-of",
                                        "quiet", "wide",      "format"};

const std::vector<std::string> kYes = {"true", "yes", "on", "1"};
const std::vector<std::string> kNo = {"false", "no", "off", "0"};

bool one_of(const std::string& v, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// What is wrong with the value of a known key, or "".
std::string bad_value(const Setting& s) {
  if (s.key == "as-of" && !core::Date::parse(s.value))
    return fmt::format("as-of: '{}' is not a date; use YYYY-MM-DD", core::excerpt(s.value));
  if ((s.key == "quiet" || s.key == "wide") && !one_of(s.value, kYes) && !one_of(s.value, kNo))
    return fmt::format("{}: '{}' is not yes or no", s.key, core::excerpt(s.value));
  if (s.value.empty()) return fmt::format("{}: no value after '='", s.key);
  if (!core::valid_utf8(s.value)) return fmt::format("{}: not valid UTF-8", s.key);
  return {};
}

}  // namespace

const Setting* Settings::find(const std::string& key) const {
  for (const auto& s : items)
    if (s.key == key) return &s;
  return nullptr;
}

std::vector<std::string> Settings::all(const std::string& key) const {
  std::vector<std::string> out;
  for (const auto& s : items)
    if (s.key == key) out.push_back(s.value);
  return out;
}

std::string Settings::where(const Setting& s) const { return fmt::format("{}:{}", path, s.line); }

Settings load_settings(const std::string& path) {
  Settings st;
  st.path = path;
  auto content = core::read_input_if_present(path, core::kConfigInput);
  if (!content) return st;  // no configuration file
  std::istringstream in(*content);
  std::vector<std::string> problems;
  auto problem = [&](int line, const std::string& what) {
    problems.push_back(fmt::format("{}:{}: {}", path, line, what));
  };
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string_view text = core::trim(raw);
    if (line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text = core::trim(text.substr(3));
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      problem(line, fmt::format("'{}' is not 'key = value'{}", core::excerpt(text),
                                text[0] == '[' ? " (sections are not used)" : ""));
      continue;
    }
    Setting s{std::string(core::trim(text.substr(0, eq))),
              std::string(core::trim(text.substr(eq + 1))), line};
    if (!one_of(s.key, kKeys)) {
      std::string list;
      for (const auto& k : kKeys) list += (list.empty() ? "" : ", ") + k;
      std::string hint = core::did_you_mean(s.key, kKeys);
      problem(line, fmt::format("unknown setting '{}'{}", core::excerpt(s.key),
                                hint.empty() ? " (settings are " + list + ")" : hint));
      continue;
    }
    if (auto bad = bad_value(s); !bad.empty()) {
      problem(line, bad);
      continue;
    }
    if (const Setting* first = st.find(s.key); first && s.key != "rules-dir") {
      problem(line, fmt::format("{} is set twice (first on line {})", s.key, first->line));
      continue;
    }
    st.items.push_back(std::move(s));
  }
  if (!problems.empty()) throw core::Error(core::Exit::usage, problems);
  return st;
}

}  // namespace balint::app
