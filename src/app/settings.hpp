#pragma once
// The settings file ($XDG_CONFIG_HOME/balint/config): `key = value` lines whose keys are
// global long option names (and `format`). Every problem names the file and line.
#include <optional>
#include <string>
#include <vector>

namespace balint::app {

/// One `key = value` line.
struct Setting {
  std::string key;
  std::string value;
  int line = 0;
};

/// The settings read from one file (none when it does not exist).
struct Settings {
  std::string path;
  std::vector<Setting> items;  ///< in file order; each key once, except rules-dir

  /// The setting of `key`, if given.
  const Setting* find(const std::string& key) const;
  /// Every value of `key`, in file order.
  std::vector<std::string> all(const std::string& key) const;
  /// "FILE:LINE" of a setting, for messages.
  std::string where(const Setting& s) const;
};

/// Reads and checks `path`: comments (`#`, `;`) and blank lines are skipped; a line without
/// '=', an unknown key (with "did you mean"), a key given twice or a bad value (as-of not a
/// date, quiet not a yes/no) is a UsageError `FILE:LINE: ...`, every one of them reported.
Settings load_settings(const std::string& path);

}  // namespace balint::app
