// The anomaly checks: one pass each over a person's entries in the window.
#include "balint/audit/anomaly.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "balint/eval/field_test.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"

namespace balint::audit {
namespace {

using EntryList = std::vector<const domain::Entry*>;

constexpr long kDayMinutes = 24 * 60;
constexpr long kLongGroupMinutes = 8 * 60;

bool by_date_then_id(const domain::Entry* a, const domain::Entry* b) {
  return a->date != b->date ? a->date < b->date : a->id < b->id;
}

// Every §5 column but date, person, activity, group and role (the near-duplicate key).
bool same_content(const domain::Entry& a, const domain::Entry& b) {
  return a.minutes == b.minutes && a.setting == b.setting && a.format == b.format &&
         a.leader == b.leader && a.co_leader == b.co_leader && a.supervisor == b.supervisor &&
         a.cases == b.cases && a.event == b.event && a.days == b.days && a.tags == b.tags &&
         a.verified_by == b.verified_by && a.note == b.note;
}

std::string quoted(const std::string& group) { return fmt::format("'{}'", group); }

// A list in date order put in `less` order within each day, stably: most days of a person
// have one entry, and those need no sorting at all.
template <typename Less>
void sort_within_days(EntryList& list, Less less) {
  for (std::size_t i = 0; i < list.size();) {
    std::size_t j = i + 1;
    while (j < list.size() && list[j]->date == list[i]->date) ++j;
    if (j - i > 1)
      std::stable_sort(list.begin() + static_cast<std::ptrdiff_t>(i),
                       list.begin() + static_cast<std::ptrdiff_t>(j), less);
    i = j;
  }
}

class Checker {
 public:
  Checker(const domain::PersonHistory& h, const rules::RuleSet& rules,
          const domain::AccreditationIndex& accredited, const CheckWindow& w)
      : h_(h), rules_(rules), accredited_(accredited), w_(w) {
    for (const auto& e : h.entries) {
      if (!w.period.contains(e.date)) continue;
      (e.voided ? voided_ : live_).push_back(&e);
    }
    // A history usually comes in that order already (PersonHistory::entries).
    if (!std::is_sorted(live_.begin(), live_.end(), by_date_then_id))
      std::sort(live_.begin(), live_.end(), by_date_then_id);
    if (!std::is_sorted(voided_.begin(), voided_.end(), by_date_then_id))
      std::sort(voided_.begin(), voided_.end(), by_date_then_id);
  }

  std::vector<Anomaly> run() {
    day_totals();
    long_group_entries();
    leader_and_member();
    future_entries();
    for (const auto& q : rules_.requirements)
      if (q.kind == rules::Kind::membership && eval::requirement_applies(q, h_.person))
        membership_lapses(q.target);
    unaccredited_supervision();
    near_duplicates();
    for (const auto* e : voided_)
      add(AnomalyKind::voided, e->date, {e},
          e->void_reason.empty() ? "no reason recorded"
                                 : fmt::format("reason: {}", e->void_reason));
    unverified();
    std::stable_sort(out_.begin(), out_.end(), [](const Anomaly& a, const Anomaly& b) {
      return std::tie(a.date, a.kind, a.entries.front()) <
             std::tie(b.date, b.kind, b.entries.front());
    });
    return std::move(out_);
  }

 private:
  void add(AnomalyKind k, core::Date date, const EntryList& entries, std::string detail) {
    Anomaly a{k, h_.person.id, date, {}, std::move(detail)};
    for (const auto* e : entries) a.entries.push_back(e->id);
    out_.push_back(std::move(a));
  }

  // An entry of N days counts its minutes spread evenly over those days, so a four-day
  // intensive logged as one entry does not fill its first day.
  // (The days are gathered in a sorted list rather than a map: one allocation, not one a day.)
  void day_totals() {
    std::vector<std::pair<core::Date, const domain::Entry*>> parts;  // day, entry; in entry order
    parts.reserve(live_.size());
    for (const auto* e : live_) {
      const long n = std::max(1, e->days.value_or(1));
      const long spread = std::min<long>(n, e->minutes);  // later days would get 0 minutes
      for (long i = 0; i < spread; ++i)
        parts.emplace_back(e->date.add_days(static_cast<int>(i)), e);
    }
    // In order already unless an entry spans several days.
    auto by_day = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(parts.begin(), parts.end(), by_day))
      std::stable_sort(parts.begin(), parts.end(), by_day);
    for (std::size_t i = 0; i < parts.size();) {
      const core::Date day = parts[i].first;
      std::size_t j = i;
      long minutes = 0;
      for (; j < parts.size() && parts[j].first == day; ++j) {
        const domain::Entry* e = parts[j].second;
        const long n = std::max(1, e->days.value_or(1));
        const long k = day.serial() - e->date.serial();  // which of its days this is
        minutes += e->minutes / n + (k < e->minutes % n ? 1 : 0);
      }
      if (minutes > kDayMinutes) {
        EntryList entries;
        for (std::size_t k = i; k < j; ++k) entries.push_back(parts[k].second);
        add(AnomalyKind::day_over_24h, day, entries,
            fmt::format("{} hours logged on one day", core::hours_str(minutes)));
      }
      i = j;
    }
  }

  void long_group_entries() {
    for (const auto* e : live_) {
      if (e->activity != domain::Activity::group) continue;
      const int n = std::max(1, e->days.value_or(1));
      if (e->minutes <= kLongGroupMinutes * n) continue;
      add(AnomalyKind::long_group_entry, e->date, {e},
          n == 1 ? fmt::format("{} hours in one group entry", core::hours_str(e->minutes))
                 : fmt::format("{} hours in one group entry of {} days",
                               core::hours_str(e->minutes), n));
    }
  }

  // Leading and being a member of one group on one day: two entries of the person's own, or
  // a member entry that names the person as the group's leader or co-leader.
  void leader_and_member() {
    const std::string& me = h_.person.id;
    EntryList named;  // group entries with a group name, by date, group, then as in live_
    for (const auto* e : live_) {
      if (e->activity != domain::Activity::group) continue;
      if (e->group.empty()) {  // without a group name only the entry itself can tell
        if (self_led(*e, me))
          add(AnomalyKind::leader_and_member, e->date, {e},
              "member of a group with themselves named as its leader");
        continue;
      }
      named.push_back(e);
    }
    // By date already (live_): only the entries of one day need putting in group order.
    sort_within_days(
        named, [](const domain::Entry* a, const domain::Entry* b) { return a->group < b->group; });
    EntryList lead, member, led_by_self;
    for (std::size_t i = 0; i < named.size();) {
      std::size_t j = i;
      lead.clear();
      member.clear();
      led_by_self.clear();
      for (; j < named.size() && named[j]->date == named[i]->date &&
             named[j]->group == named[i]->group;
           ++j) {
        const domain::Entry* e = named[j];
        if (e->role == domain::Role::leader || e->role == domain::Role::co_leader)
          lead.push_back(e);
        if (e->role == domain::Role::member) member.push_back(e);
        if (self_led(*e, me)) led_by_self.push_back(e);
      }
      const domain::Entry& first = *named[i];
      if (!lead.empty() && !member.empty()) {
        EntryList all = lead;
        all.insert(all.end(), member.begin(), member.end());
        std::sort(all.begin(), all.end(), by_date_then_id);
        add(AnomalyKind::leader_and_member, first.date, all,
            fmt::format("leader and member of {} on the same day", quoted(first.group)));
      } else if (!led_by_self.empty()) {
        add(AnomalyKind::leader_and_member, first.date, led_by_self,
            fmt::format("member of {} with themselves named as its leader", quoted(first.group)));
      }
      i = j;
    }
  }

  static bool self_led(const domain::Entry& e, const std::string& me) {
    return e.role == domain::Role::member && (e.leader == me || e.co_leader == me);
  }

  void future_entries() {
    for (const auto* e : live_)
      if (e->date > w_.as_of)
        add(AnomalyKind::future_entry, e->date, {e},
            fmt::format("dated after the evaluation date {}", w_.as_of.iso()));
  }

  // Entries after the person's first membership of `body` began that no membership covers:
  // one anomaly per gap between memberships (or since the last one ended). Entries before
  // the first membership are not a lapse; future entries are reported as such.
  void membership_lapses(const std::string& body) {
    std::vector<const domain::Membership*> ms;
    for (const auto& m : h_.memberships)
      if (m.body == body) ms.push_back(&m);
    if (ms.empty()) return;
    core::Date first = ms.front()->from;
    for (const auto* m : ms) first = std::min(first, m->from);
    std::map<std::pair<core::Date, std::optional<core::Date>>, EntryList> gaps;
    for (const auto* e : live_) {
      if (e->date < first || e->date > w_.as_of) continue;
      if (std::any_of(ms.begin(), ms.end(), [e](const auto* m) { return m->covers(e->date); }))
        continue;
      core::Date ended = first;  // some membership began on or before and ended before
      std::optional<core::Date> renewed;
      for (const auto* m : ms) {
        if (m->to && *m->to < e->date) ended = std::max(ended, *m->to);
        if (m->from > e->date && (!renewed || m->from < *renewed)) renewed = m->from;
      }
      gaps[{ended, renewed}].push_back(e);
    }
    for (const auto& [gap, entries] : gaps) {
      const auto& [ended, renewed] = gap;
      add(AnomalyKind::membership_lapsed, entries.front()->date, entries,
          renewed ? fmt::format("no {} membership from {} to {}", body, ended.add_days(1).iso(),
                                renewed->add_days(-1).iso())
                  : fmt::format("no {} membership since {}", body, ended.add_days(1).iso()));
    }
  }

  // Entries that fall under a requirement asking for an accredited supervisor in every
  // other respect, but whose supervisor was not accredited on the day (or is not named):
  // one anomaly per requirement and supervisor.
  void unaccredited_supervision() {
    std::set<std::int64_t> flagged;
    for (const auto& q : rules_.requirements) {
      if (q.kind != rules::Kind::measure || !eval::requirement_applies(q, h_.person)) continue;
      auto test = std::find_if(q.where.begin(), q.where.end(), [](const rules::FieldTest& t) {
        return t.field == rules::Field::supervisor_accredited && t.flag;
      });
      if (test == q.where.end()) continue;
      const auto families = eval::accredited_families(rules_, &q);
      std::map<std::string, EntryList> by_supervisor;
      for (const auto* e : live_) {
        // The other tests first: they rule out most entries (another activity) at once.
        bool under = std::all_of(q.where.begin(), q.where.end(), [&](const rules::FieldTest& t) {
          return &t == &*test || eval::field_test_holds(t, *e, families, accredited_);
        });
        under = under && std::none_of(q.where_not.begin(), q.where_not.end(),
                                      [&](const rules::FieldTest& t) {
                                        return eval::field_test_holds(t, *e, families, accredited_);
                                      });
        if (!under || eval::field_test_holds(*test, *e, families, accredited_) ||
            flagged.count(e->id))
          continue;
        flagged.insert(e->id);
        by_supervisor[e->supervisor].push_back(e);
      }
      const std::string in = fmt::format("{}", fmt::join(families, " or "));
      for (const auto& [who, entries] : by_supervisor) {
        const std::string n = core::plural(entries.size(), "entry", "entries");
        std::string detail;
        if (who.empty()) {
          detail = fmt::format("{} {} no supervisor; '{}' needs one accredited in {}", n,
                               entries.size() == 1 ? "names" : "name", q.id, in);
        } else if (auto since = accredited_.first_granted(who, families)) {
          detail =
              fmt::format("{} supervised by '{}' before their accreditation in {} on {} ('{}')", n,
                          who, in, since->iso(), q.id);
        } else {
          detail = fmt::format("{} supervised by '{}', who holds no accreditation in {} ('{}')", n,
                               who, in, q.id);
        }
        add(AnomalyKind::supervisor_not_accredited, entries.front()->date, entries, detail);
      }
    }
  }

  // (Grouped by sorting a list of the entries rather than in a map keyed by a copy of each
  // group's name.)
  void near_duplicates() {
    auto key = [](const domain::Entry* e) {
      return std::tie(e->date, e->activity, e->group, e->role);
    };
    EntryList sorted = live_;  // by date already: only the entries of one day need sorting
    sort_within_days(
        sorted, [&key](const domain::Entry* a, const domain::Entry* b) { return key(a) < key(b); });
    EntryList entries;
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t j = i + 1;
      while (j < sorted.size() && key(sorted[j]) == key(sorted[i])) ++j;
      if (j - i >= 2) {
        entries.assign(sorted.begin() + static_cast<std::ptrdiff_t>(i),
                       sorted.begin() + static_cast<std::ptrdiff_t>(j));
        bool identical = std::all_of(entries.begin(), entries.end(), [&](const auto* e) {
          return same_content(*entries.front(), *e);
        });
        add(AnomalyKind::near_duplicate, sorted[i]->date, entries,
            fmt::format("{} entries with the same date, activity, group and role{}", entries.size(),
                        identical ? ", identical in every column" : ""));
      }
      i = j;
    }
  }

  void unverified() {
    EntryList list;
    for (const auto* e : live_)
      if (e->verified_by.empty()) list.push_back(e);
    if (list.empty()) return;
    add(AnomalyKind::unverified, list.front()->date, list,
        fmt::format("{} never verified", core::plural(list.size(), "entry", "entries")));
  }

  const domain::PersonHistory& h_;
  const rules::RuleSet& rules_;
  const domain::AccreditationIndex& accredited_;
  const CheckWindow& w_;
  EntryList live_;    // not voided, in the window, by date then id
  EntryList voided_;  // voided, in the window, by date then id
  std::vector<Anomaly> out_;
};

}  // namespace

std::string_view to_string(AnomalyKind k) {
  switch (k) {
    case AnomalyKind::day_over_24h: return "day-over-24h";
    case AnomalyKind::long_group_entry: return "long-group-entry";
    case AnomalyKind::leader_and_member: return "leader-and-member";
    case AnomalyKind::future_entry: return "future-entry";
    case AnomalyKind::membership_lapsed: return "membership-lapsed";
    case AnomalyKind::supervisor_not_accredited: return "supervisor-not-accredited";
    case AnomalyKind::near_duplicate: return "near-duplicate";
    case AnomalyKind::voided: return "voided";
    case AnomalyKind::unverified: return "unverified";
  }
  return "voided";
}

Severity severity(AnomalyKind k) {
  switch (k) {
    case AnomalyKind::day_over_24h:
    case AnomalyKind::long_group_entry:
    case AnomalyKind::leader_and_member:
    case AnomalyKind::future_entry:
    case AnomalyKind::near_duplicate: return Severity::high;
    case AnomalyKind::membership_lapsed:
    case AnomalyKind::supervisor_not_accredited: return Severity::medium;
    case AnomalyKind::voided:
    case AnomalyKind::unverified: return Severity::low;
  }
  return Severity::low;
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::high: return "high";
    case Severity::medium: return "medium";
    case Severity::low: return "low";
  }
  return "low";
}

const std::vector<AnomalyKind>& anomaly_kinds() {
  static const std::vector<AnomalyKind> kinds = {
      AnomalyKind::day_over_24h,      AnomalyKind::long_group_entry,
      AnomalyKind::leader_and_member, AnomalyKind::future_entry,
      AnomalyKind::membership_lapsed, AnomalyKind::supervisor_not_accredited,
      AnomalyKind::near_duplicate,    AnomalyKind::voided,
      AnomalyKind::unverified,
  };
  return kinds;
}

std::vector<Anomaly> find_anomalies(const domain::PersonHistory& history,
                                    const rules::RuleSet& rules,
                                    const domain::AccreditationIndex& accredited,
                                    const CheckWindow& window) {
  return Checker(history, rules, accredited, window).run();
}

}  // namespace balint::audit
