#pragma once
// The SPEC §3 vocabulary: activities, roles and formats.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balint::domain {

enum class Activity { group, leadership_training, supervision, peer_supervision, other_cpd };
enum class Role { member, leader, co_leader, supervisee, supervisor, participant, facilitator };
enum class Format { in_person, online };

std::string_view to_string(Activity a);
std::string_view to_string(Role r);
std::string_view to_string(Format f);

std::optional<Activity> parse_activity(std::string_view s);
std::optional<Role> parse_role(std::string_view s);
std::optional<Format> parse_format(std::string_view s);

/// Every spelling, in SPEC order (for help texts and "did you mean").
const std::vector<std::string>& activity_names();
const std::vector<std::string>& role_names();
const std::vector<std::string>& format_names();

}  // namespace balint::domain
