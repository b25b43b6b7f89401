#include "balint/domain/vocab.hpp"

#include <array>

namespace balint::domain {
namespace {

constexpr std::array<std::string_view, 5> kActivities = {
    "group", "leadership-training", "supervision", "peer-supervision", "other-cpd"};
constexpr std::array<std::string_view, 7> kRoles = {
    "member", "leader", "co-leader", "supervisee", "supervisor", "participant", "facilitator"};
constexpr std::array<std::string_view, 2> kFormats = {"in-person", "online"};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

template <std::size_t N>
std::vector<std::string> to_vector(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

}  // namespace

std::string_view to_string(Activity a) { return kActivities.at(static_cast<std::size_t>(a)); }
std::string_view to_string(Role r) { return kRoles.at(static_cast<std::size_t>(r)); }
std::string_view to_string(Format f) { return kFormats.at(static_cast<std::size_t>(f)); }

std::optional<Activity> parse_activity(std::string_view s) {
  return lookup<Activity>(kActivities, s);
}
std::optional<Role> parse_role(std::string_view s) { return lookup<Role>(kRoles, s); }
std::optional<Format> parse_format(std::string_view s) { return lookup<Format>(kFormats, s); }

const std::vector<std::string>& activity_names() {
  static const auto v = to_vector(kActivities);
  return v;
}
const std::vector<std::string>& role_names() {
  static const auto v = to_vector(kRoles);
  return v;
}
const std::vector<std::string>& format_names() {
  static const auto v = to_vector(kFormats);
  return v;
}

}  // namespace balint::domain
