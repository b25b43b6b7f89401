// The bulk reader (HistoryReader, EntryScan) gives exactly Ledger::history's result for every
// person of generated ledgers: by the index, by a whole-table scan, by a scan in slices read
// out of order with histories reused from one person to the next.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/store/bulk.hpp"
#include "balint/store/ledger.hpp"

namespace fs = std::filesystem;
using balint::core::Date;
using balint::store::Ledger;
namespace domain = balint::domain;

namespace {

using balint::testing::TempDir;

// Every field of a history, one line each, for comparing and for a readable failure.
std::string describe(const domain::Entry& e) {
  std::ostringstream o;
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("-"); };
  o << e.id << '|' << e.date.iso() << '|' << e.person << '|' << domain::to_string(e.activity) << '|'
    << domain::to_string(e.role) << '|' << e.minutes << '|' << e.group << '|' << e.setting << '|'
    << domain::to_string(e.format) << '|' << e.leader << '|' << e.co_leader << '|' << e.supervisor
    << '|' << opt(e.cases) << '|' << e.event << '|' << opt(e.days) << "|[";
  for (const auto& t : e.tags) o << t << ',';
  o << "]|" << e.verified_by << '|' << e.note << '|' << e.voided << '|' << e.void_reason << '|'
    << e.source.kind << '|' << e.source.file << '|' << e.source.line;
  return o.str();
}

std::string describe(const domain::PersonHistory& h) {
  std::ostringstream o;
  o << "person " << h.person.id << '|' << h.person.name << '|' << h.person.email;
  for (const auto& [k, v] : h.person.attrs) o << '|' << k << '=' << v;
  o << '\n';
  for (const auto& e : h.entries) o << "entry " << describe(e) << '\n';
  for (const auto& m : h.memberships)
    o << "membership " << m.person << '|' << m.body << '|' << m.from.iso() << '|'
      << (m.to ? m.to->iso() : "-") << '\n';
  for (const auto& a : h.accreditations)
    o << "accreditation " << a.person << '|' << a.family << '|' << a.on.iso() << '|' << a.note
      << '\n';
  for (const auto& e : h.enrolments)
    o << "enrolment " << e.person << '|' << e.family << '|' << e.on.iso() << '\n';
  for (const auto& d : h.documents)
    o << "document " << d.id << '|' << d.person << '|' << d.type << '|' << d.on.iso() << '|'
      << d.file_name << '|' << d.sha256 << '|' << d.note << '\n';
  for (const auto& w : h.waivers)
    o << "waiver " << w.id << '|' << w.person << '|' << w.ruleset << '|' << w.requirement << '|'
      << w.reason << '|' << w.by << '|' << w.on.iso() << '\n';
  return o.str();
}

// What a generated ledger holds, counted, so that the test can tell it covered each case.
struct Made {
  std::vector<std::string> people;
  std::size_t entries = 0, voided = 0, co_led = 0, sourced = 0, empty_optionals = 0,
              without_entries = 0;
};

// A ledger of `seed`'s making: people (some with no entries, some with no records), their
// records, and entries in no order of date, with every optional field sometimes empty.
Made generate(const std::string& path, unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto chance = [&rng](double p) { return std::bernoulli_distribution(p)(rng); };
  auto day = [&](int from_year, int years) {
    return Date::parse(std::to_string(from_year) + "-01-01")
        ->add_days(static_cast<int>(pick(365U * static_cast<unsigned>(years))));
  };
  const std::vector<std::string> groups = {
      "Dienstagsgruppe Wien", "G", "Thursday evening group in the old town hall", "Gruppe Süd", ""};
  const std::vector<std::string> settings = {"clinic", "hospital ward", "", "Praxis"};
  const std::vector<std::string> tags = {"online-pilot", "intensive", "x", "weekend"};
  const std::vector<std::string> families = {"bbs-leader", "bbs-member", "ibg-leader"};

  Made made;
  Ledger l(path, Ledger::Mode::create);
  const std::size_t n_people = 25 + pick(40);
  for (std::size_t i = 0; i < n_people; ++i) {
    domain::Person p;
    p.id = "p" + std::to_string(seed) + "-" + std::to_string(i);
    p.name = chance(0.5) ? "Name " + std::to_string(i) : "Ζωή Παπαδοπούλου " + std::to_string(i);
    if (chance(0.6)) p.email = p.id + "@example.org";
    if (chance(0.3)) p.attrs["psychodynamic_training"] = chance(0.5) ? "yes" : "no";
    if (chance(0.2)) p.attrs["profession"] = "physician";
    l.add_person(p);
    made.people.push_back(p.id);
  }
  auto someone = [&] { return made.people[pick(made.people.size())]; };
  // The last few people have no entries at all.
  const std::size_t with_entries = n_people - 3 - pick(4);
  made.without_entries = n_people - with_entries;

  l.transaction([&] {
    for (const auto& id : made.people) {
      if (chance(0.4)) {
        const Date from = day(2010, 8);
        l.add_membership({id, chance(0.5) ? "Balint Society" : "IBF", from,
                          chance(0.5) ? std::optional<Date>(from.add_days(400)) : std::nullopt});
      }
      for (const auto& f : families) {
        if (chance(0.3)) l.add_enrolment({id, f, day(2012, 8)});
        if (chance(0.2))
          l.add_accreditation({id, f, day(2014, 8), chance(0.5) ? "" : "by the board"}, "admin");
      }
      if (chance(0.3)) {
        domain::Document d;
        d.person = id;
        d.type = chance(0.5) ? "certificate" : "letter";
        d.on = day(2015, 5);
        d.note = chance(0.5) ? "" : "scanned";
        if (chance(0.5)) d.file_name = "scan-" + id + ".pdf";
        l.add_document(d, d.file_name.empty() ? "" : "content of " + id);
      }
      if (chance(0.2)) {
        domain::Waiver w;
        w.person = id;
        w.ruleset = "bbs-leader-2023";
        w.requirement = chance(0.5) ? "supervision" : "group-hours";
        w.reason = "illness";
        if (chance(0.5)) w.by = someone();
        w.on = day(2020, 3);
        l.add_waiver(w);
      }
    }

    std::vector<domain::Entry> entries;
    const std::size_t n_entries = 300 + pick(500);
    for (std::size_t k = 0; k < n_entries; ++k) {
      domain::Entry e;
      e.person = made.people[pick(with_entries)];
      e.date = day(2015, 10);
      if (chance(0.1) && !entries.empty()) e.date = entries.back().date;  // ties on date
      e.activity = static_cast<domain::Activity>(pick(5));
      e.role = static_cast<domain::Role>(pick(7));
      e.minutes = static_cast<int>(1 + pick(1440));
      e.group = groups[pick(groups.size())];
      e.setting = settings[pick(settings.size())];
      e.format = chance(0.2) ? domain::Format::online : domain::Format::in_person;
      if (chance(0.6)) e.leader = someone();
      if (chance(0.3)) e.co_leader = someone();
      if (chance(0.3)) e.supervisor = someone();
      if (chance(0.4)) e.cases = static_cast<int>(pick(6));
      if (chance(0.2)) e.event = "Balint weekend " + std::to_string(pick(9));
      if (chance(0.2)) e.days = static_cast<int>(1 + pick(4));
      for (const auto& t : tags)
        if (chance(0.2)) e.tags.push_back(t);
      if (chance(0.5)) e.verified_by = someone();
      if (chance(0.3))
        e.note = chance(0.5) ? "n" : "a longer note, with a comma and ümlauts " + std::to_string(k);
      if (chance(0.5))
        e.source = {"import", "entries-" + std::to_string(pick(3)) + ".csv",
                    static_cast<int>(2 + k)};
      else
        e.source = {"log", "", 0};
      made.co_led += !e.co_leader.empty();
      made.sourced += !e.source.file.empty();
      made.empty_optionals += e.leader.empty() && !e.cases && !e.days && e.note.empty();
      entries.push_back(std::move(e));
    }
    const auto ids = l.add_entries(entries);
    made.entries = ids.size();
    for (const auto id : ids)
      if (chance(0.1)) {
        l.void_entry(id, chance(0.5) ? "duplicate" : "entered for the wrong person",
                     *Date::parse("2026-01-02"));
        ++made.voided;
      }
  });
  return made;
}

std::map<std::string, std::string> expected(const Ledger& l,
                                            const std::vector<std::string>& people) {
  std::map<std::string, std::string> out;
  for (const auto& id : people) out[id] = describe(l.history(id));
  return out;
}

}  // namespace

TEST_CASE("the bulk reader gives Ledger::history's result for every person of generated ledgers") {
  for (unsigned seed : {1U, 2U, 3U, 4U, 5U, 6U}) {
    CAPTURE(seed);
    TempDir t;
    const std::string path = t.file("ledger.sqlite");
    const Made made = generate(path, seed);
    // The ledger holds every case the readers must carry over.
    REQUIRE(made.entries >= 300);
    REQUIRE(made.voided > 0);
    REQUIRE(made.co_led > 0);
    REQUIRE(made.sourced > 0);
    REQUIRE(made.empty_optionals > 0);
    REQUIRE(made.without_entries >= 3);

    Ledger l(path, Ledger::Mode::read);
    const auto want = expected(l, made.people);
    balint::store::HistoryReader reader(l);
    CHECK(reader.person_ids().size() == made.people.size());

    SUBCASE("everyone at once: a whole-table scan") {
      REQUIRE(reader.scan_pays(made.people.size()));
      std::size_t seen = 0;
      reader.for_each(made.people, [&](domain::PersonHistory& h) {
        CHECK(describe(h) == want.at(made.people[seen]));
        ++seen;
      });
      CHECK(seen == made.people.size());
    }
    SUBCASE("one person at a time: through the index") {
      REQUIRE_FALSE(reader.scan_pays(1));
      for (const auto& id : made.people)
        reader.for_each({id}, [&](domain::PersonHistory& h) { CHECK(describe(h) == want.at(id)); });
    }
    SUBCASE("a scan in slices read out of order, histories reused person to person") {
      std::mt19937 rng(seed);
      std::vector<std::string> people = made.people;
      std::shuffle(people.begin(), people.end(), rng);
      for (std::size_t slices : {1U, 3U, 7U, 40U}) {
        CAPTURE(slices);
        balint::store::EntryScan scan(reader, people, slices);
        REQUIRE(scan.slices() == slices);
        std::vector<std::size_t> order(slices);
        for (std::size_t k = 0; k < slices; ++k) order[k] = k;
        std::shuffle(order.begin(), order.end(), rng);
        for (auto k : order) scan.read(k);
        scan.finish();
        std::size_t total = 0;
        domain::PersonHistory h;  // reused: its entries grow and shrink
        for (std::size_t i = 0; i < people.size(); ++i) {
          scan.history(i, h);
          CHECK(describe(h) == want.at(people[i]));
          CHECK(scan.entries_of(i) == h.entries.size());
          total += h.entries.size();
        }
        CHECK(total == made.entries);
      }
    }
  }
}

namespace {

using balint::store::EntryFields;

// `h` as a reading of `fields` gives it: the parts not fetched empty.
domain::PersonHistory projected(domain::PersonHistory h, EntryFields fields) {
  for (auto& e : h.entries) {
    const domain::Entry blank;
    if (!fields.has(EntryFields::group)) e.group = blank.group;
    if (!fields.has(EntryFields::setting)) e.setting = blank.setting;
    if (!fields.has(EntryFields::leader)) e.leader = blank.leader;
    if (!fields.has(EntryFields::co_leader)) e.co_leader = blank.co_leader;
    if (!fields.has(EntryFields::supervisor)) e.supervisor = blank.supervisor;
    if (!fields.has(EntryFields::event)) e.event = blank.event;
    if (!fields.has(EntryFields::tags)) e.tags = blank.tags;
    if (!fields.has(EntryFields::verified_by)) e.verified_by = blank.verified_by;
    if (!fields.has(EntryFields::note)) e.note = blank.note;
    if (!fields.has(EntryFields::source)) e.source = blank.source;
  }
  return h;
}

}  // namespace

TEST_CASE("a reading of some parts of entries gives Ledger::history's with the others empty") {
  const std::vector<EntryFields::Part> parts = {
      EntryFields::group,      EntryFields::setting, EntryFields::leader, EntryFields::co_leader,
      EntryFields::supervisor, EntryFields::event,   EntryFields::tags,   EntryFields::verified_by,
      EntryFields::note,       EntryFields::source};
  // Each part left out alone, all of them, and every other one.
  std::vector<EntryFields> choices;
  EntryFields none = EntryFields::all(), odd = EntryFields::all();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    choices.push_back(EntryFields::all().without(parts[k]));
    none = none.without(parts[k]);
    if (k % 2 == 1) odd = odd.without(parts[k]);
  }
  choices.push_back(none);
  choices.push_back(odd);
  for (const auto& p : parts) CHECK_FALSE(none.has(p));

  for (unsigned seed : {11U, 12U}) {
    CAPTURE(seed);
    TempDir t;
    const std::string path = t.file("ledger.sqlite");
    const Made made = generate(path, seed);
    Ledger l(path, Ledger::Mode::read);
    balint::store::HistoryReader reader(l);
    for (std::size_t c = 0; c < choices.size(); ++c) {
      CAPTURE(c);
      const EntryFields fields = choices[c];
      std::map<std::string, std::string> want;
      for (const auto& id : made.people) want[id] = describe(projected(l.history(id), fields));
      // What is left out is really gone: some entry differs from its whole self.
      bool differs = false;
      for (const auto& id : made.people)
        differs = differs || want.at(id) != describe(l.history(id));
      CHECK(differs);

      balint::store::EntryScan scan(reader, made.people, 5, fields);
      for (std::size_t k = scan.slices(); k-- > 0;) scan.read(k);
      scan.finish();
      domain::PersonHistory h;
      for (std::size_t i = 0; i < made.people.size(); ++i) {
        scan.history(i, h);
        CHECK(describe(h) == want.at(made.people[i]));
      }
      std::size_t seen = 0;
      reader.for_each(
          made.people,
          [&](domain::PersonHistory& x) { CHECK(describe(x) == want.at(made.people[seen++])); },
          fields);
      CHECK(seen == made.people.size());
      for (const auto& id : {made.people.front(), made.people[made.people.size() / 2]})
        reader.for_each(
            {id}, [&](domain::PersonHistory& x) { CHECK(describe(x) == want.at(id)); }, fields);
    }
  }
}

TEST_CASE("the bulk reader refuses a person not in the ledger") {
  TempDir t;
  const std::string path = t.file("ledger.sqlite");
  const Made made = generate(path, 9);
  Ledger l(path, Ledger::Mode::read);
  balint::store::HistoryReader reader(l);
  std::vector<std::string> people = made.people;
  people.push_back("nobody");
  CHECK_THROWS_AS(reader.for_each(people, [](domain::PersonHistory&) {}), balint::core::UsageError);
  CHECK_THROWS_AS(balint::store::EntryScan(reader, people, 2), balint::core::UsageError);
}
