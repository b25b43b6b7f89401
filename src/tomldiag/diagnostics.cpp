#include "balint/tomldiag/diagnostics.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"

namespace balint::tomldiag {

void Diagnostics::error(const toml::source_region& at, std::string message) {
  error(static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), std::move(message));
}

void Diagnostics::error(int line, int col, std::string message) {
  diags_.push_back(core::Diagnostic{file_, line, col, std::move(message)});
}

std::vector<core::Diagnostic> Diagnostics::sorted() const {
  auto out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.line != b.line ? a.line < b.line : a.col < b.col;
  });
  return out;
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a decimal number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                std::string_view what, Diagnostics& d) {
  for (auto&& [key, node] : t) {
    std::string k(key.str());
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    d.error(key.source(), fmt::format("unknown key '{}' in {}{}", core::excerpt(k), what,
                                      core::did_you_mean(k, allowed)));
  }
}

void wrong_type(const toml::node& n, std::string_view key, std::string_view want, Diagnostics& d) {
  d.error(n.source(), fmt::format("'{}' must be {}, not {}", key, want, type_name(n)));
}

std::optional<bool> boolean(const toml::table& t, std::string_view key, Diagnostics& d) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (n->is_boolean()) return n->as_boolean()->get();
  wrong_type(*n, key, "true or false", d);
  return std::nullopt;
}

const toml::table* table(const toml::table& root, std::string_view key, Diagnostics& d) {
  const toml::node* n = root.get(key);
  if (!n) return nullptr;
  if (const toml::table* t = n->as_table()) return t;
  d.error(n->source(), fmt::format("'{}' must be a table: [{}]", key, key));
  return nullptr;
}

std::vector<const toml::table*> tables(const toml::table& root, std::string_view key,
                                       Diagnostics& d) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) {
    d.error(n->source(), fmt::format("'{}' must be written as [[{}]] tables", key, key));
    return out;
  }
  for (const toml::node& e : *a) {
    if (const toml::table* t = e.as_table())
      out.push_back(t);
    else
      d.error(e.source(), fmt::format("'{}' must be written as [[{}]] tables", key, key));
  }
  return out;
}

Strings strings(const toml::table& t, std::string_view key, bool single_ok, Diagnostics& d) {
  Strings out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  out.present = true;
  if (n->is_string() && single_ok) {
    out.items.push_back({*n->value<std::string>(), n->source()});
    return out;
  }
  const toml::array* a = n->as_array();
  if (!a) {
    wrong_type(*n, key, single_ok ? "a string or a list of strings" : "a list of strings", d);
    out.ok = false;
    return out;
  }
  if (a->empty()) {
    d.error(n->source(), fmt::format("'{}' is an empty list", key));
    out.ok = false;
    return out;
  }
  for (const toml::node& e : *a) {
    if (e.is_string()) {
      out.items.push_back({*e.value<std::string>(), e.source()});
    } else {
      d.error(e.source(), fmt::format("'{}' must list strings, not {}", key, type_name(e)));
      out.ok = false;
    }
  }
  return out;
}

}  // namespace balint::tomldiag
