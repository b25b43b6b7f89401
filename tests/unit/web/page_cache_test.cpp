// The dashboard cache: bounded (pages and bytes, least recently used dropped first), a page
// found only at the generation it was made at; the pool's generation, which grows whenever the
// ledger may have changed (another connection's commit, a write through the pool's own).
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "page_cache.hpp"
#include "pool.hpp"
#include "temp_ledger.hpp"

using namespace balint::web;

TEST_CASE("a page is found under its key and generation only") {
  PageCache cache(8, 1 << 20);
  CHECK(cache.find("a", 1) == nullptr);
  cache.put("a", 1, "page a");
  REQUIRE(cache.find("a", 1) != nullptr);
  CHECK(*cache.find("a", 1) == "page a");
  CHECK(cache.find("b", 1) == nullptr);
  CHECK(cache.find("a", 2) == nullptr);  // the ledger may have changed: gone
  CHECK(cache.pages() == 0);
  CHECK(cache.find("a", 1) == nullptr);
  cache.put("a", 3, "newer");
  cache.put("a", 2, "made from an older ledger, stored later");  // not kept over the newer one
  REQUIRE(cache.find("a", 3) != nullptr);
  CHECK(*cache.find("a", 3) == "newer");
}

TEST_CASE("at most max_pages pages, the least recently used dropped first") {
  PageCache cache(3, 1 << 20);
  for (const char* k : {"a", "b", "c"}) cache.put(k, 1, std::string("page ") + k);
  CHECK(cache.find("a", 1) != nullptr);  // a used: b is now the least recently used
  cache.put("d", 1, "page d");
  CHECK(cache.pages() == 3);
  CHECK(cache.find("b", 1) == nullptr);
  CHECK(cache.find("a", 1) != nullptr);
  CHECK(cache.find("c", 1) != nullptr);
  CHECK(cache.find("d", 1) != nullptr);
  for (int i = 0; i < 1000; ++i) cache.put("k" + std::to_string(i), 1, "x");
  CHECK(cache.pages() == 3);
  CHECK(cache.find("k999", 1) != nullptr);
  CHECK(cache.find("k996", 1) == nullptr);
}

TEST_CASE("at most max_bytes bytes (keys and pages), and a page over a quarter of it not kept") {
  PageCache cache(100, 4000);
  const std::string page(900, 'p');
  for (int i = 0; i < 10; ++i) {
    cache.put("key" + std::to_string(i), 1, page);
    CHECK(cache.bytes() <= 4000);
  }
  CHECK(cache.pages() == 4);  // 4 x (4 + 900) bytes
  CHECK(cache.bytes() == 4 * 904);
  CHECK(cache.find("key9", 1) != nullptr);
  CHECK(cache.find("key5", 1) == nullptr);
  cache.put("big", 1, std::string(1001, 'b'));
  CHECK(cache.find("big", 1) == nullptr);
  CHECK(cache.pages() == 4);
  cache.put("key9", 1, "small");  // replaced: its bytes are counted afresh
  CHECK(cache.bytes() == 3 * 904 + 4 + 5);
  PageCache none(0, 4000);
  none.put("a", 1, "page");
  CHECK(none.find("a", 1) == nullptr);
}

TEST_CASE("several threads at once stay within the bounds and find what they stored") {
  PageCache cache(16, 64 * 1024);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string key = std::to_string(i % 40);
        const std::uint64_t gen = static_cast<std::uint64_t>(i / 1000);
        if (auto p = cache.find(key, gen); p && *p != key + "@" + std::to_string(gen)) ++wrong[t];
        cache.put(key, gen, key + "@" + std::to_string(gen));
      }
    });
  for (auto& th : threads) th.join();
  for (int w : wrong) CHECK(w == 0);
  CHECK(cache.pages() <= 16);
  CHECK(cache.bytes() <= 64 * 1024);
}

TEST_CASE(
    "the pool's generation grows when another connection commits, and after a write through its "
    "own") {
  TempLedger t;
  const std::string path = (t.dir / "ledger.sqlite").string();
  LedgerPool pool(path);
  auto a = pool.take();  // a new connection: nothing to compare with, so a new generation
  const auto g1 = a.generation;
  CHECK(g1 >= 1);
  pool.give_back(std::move(a));
  auto b = pool.take();  // the same connection, nothing committed meanwhile
  CHECK(b.generation == g1);
  pool.give_back(std::move(b));
  t.ledger.add_person({"bob", "Bob", "", {}});  // another connection commits
  auto c = pool.take();
  CHECK(c.generation > g1);
  const auto g2 = c.generation;
  c.ledger->add_person({"cy", "Cy", "", {}});  // a write through the pool's own connection
  CHECK(pool.generation() == g2);              // not before the request ends
  pool.give_back(std::move(c));
  CHECK(pool.generation() > g2);
  const auto g3 = pool.generation();
  auto d = pool.take();  // its own commit did not change its data_version; the count stays
  CHECK(d.generation == g3);
  CHECK(d.ledger->has_person("cy"));
  // Two connections lent at once; a commit while both are out is seen by whichever comes back
  // to be taken first.
  auto e = pool.take();  // a second, new connection
  CHECK(e.generation > g3);
  const auto g4 = e.generation;
  pool.give_back(std::move(d));
  t.ledger.add_person({"dee", "Dee", "", {}});
  auto f = pool.take();  // d's connection: it saw nothing of dee when taken
  CHECK(f.generation > g4);
  pool.give_back(std::move(e));
  pool.give_back(std::move(f));
}

TEST_CASE("KeptWhileCurrent: a value is found at the generation it was made at only") {
  KeptWhileCurrent<std::string> kept;
  CHECK(kept.find(0) == nullptr);
  kept.put(3, std::make_shared<const std::string>("at 3"));
  REQUIRE(kept.find(3) != nullptr);
  CHECK(*kept.find(3) == "at 3");
  CHECK(kept.find(2) == nullptr);
  CHECK(kept.find(4) == nullptr);
  // A request that began at an older generation does not replace a newer value.
  kept.put(2, std::make_shared<const std::string>("at 2"));
  CHECK(kept.find(2) == nullptr);
  CHECK(*kept.find(3) == "at 3");
  kept.put(5, std::make_shared<const std::string>("at 5"));
  CHECK(kept.find(3) == nullptr);
  CHECK(*kept.find(5) == "at 5");
}
