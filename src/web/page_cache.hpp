#pragma once
// Private to web: pages kept between requests, each with the ledger generation it was made at.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace balint::web {

/// Rendered pages by key, least recently used dropped first; at most `max_pages` pages and
/// `max_bytes` bytes of them (a page larger than a quarter of `max_bytes` is not kept). A page
/// is found only under the generation it was stored with (LedgerPool::generation): once the
/// ledger may have changed, it is gone. Safe to use from several threads.
class PageCache {
 public:
  PageCache(std::size_t max_pages, std::size_t max_bytes)
      : max_pages_(max_pages), max_bytes_(max_bytes) {}
  /// The page stored under `key` at `generation`, or null (a page of another generation is
  /// dropped).
  std::shared_ptr<const std::string> find(const std::string& key, std::uint64_t generation);
  /// Keeps `page` under `key` at `generation` (replacing what was there), unless a newer
  /// generation's page is there already.
  void put(const std::string& key, std::uint64_t generation, std::string page);
  std::size_t pages() const;
  std::size_t bytes() const;

 private:
  struct Item {
    std::string key;
    std::uint64_t generation;
    std::shared_ptr<const std::string> page;
  };
  void drop(std::list<Item>::iterator it);  // mu_ held
  const std::size_t max_pages_, max_bytes_;
  mutable std::mutex mu_;
  std::list<Item> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  std::size_t bytes_ = 0;
};

/// One value made from the ledger (what every page needs alike, e.g. the index of everyone's
/// accreditations), kept while the pool's generation is the one it was made at, as PageCache
/// keeps pages. Safe to use from several threads.
template <typename T>
class KeptWhileCurrent {
 public:
  /// The value made at `generation`, or null.
  std::shared_ptr<const T> find(std::uint64_t generation) const {
    std::lock_guard lock(mu_);
    return value_ && generation_ == generation ? value_ : nullptr;
  }
  /// Keeps `value`, made at `generation`, unless a newer generation's value is kept already.
  void put(std::uint64_t generation, std::shared_ptr<const T> value) {
    std::lock_guard lock(mu_);
    if (value_ && generation < generation_) return;
    generation_ = generation;
    value_ = std::move(value);
  }

 private:
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::shared_ptr<const T> value_;
};

}  // namespace balint::web
