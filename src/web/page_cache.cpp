#include "page_cache.hpp"

namespace balint::web {

std::shared_ptr<const std::string> PageCache::find(const std::string& key,
                                                   std::uint64_t generation) {
  std::lock_guard lock(mu_);
  auto at = index_.find(key);
  if (at == index_.end()) return nullptr;
  auto it = at->second;
  if (it->generation != generation) {
    drop(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return it->page;
}

void PageCache::put(const std::string& key, std::uint64_t generation, std::string page) {
  const std::size_t size = key.size() + page.size();
  std::lock_guard lock(mu_);
  if (auto at = index_.find(key); at != index_.end()) {
    if (at->second->generation > generation) return;  // made later, from a newer ledger
    drop(at->second);
  }
  if (max_pages_ == 0 || size > max_bytes_ / 4) return;
  while (!lru_.empty() && (lru_.size() >= max_pages_ || bytes_ + size > max_bytes_))
    drop(std::prev(lru_.end()));
  lru_.push_front({key, generation, std::make_shared<const std::string>(std::move(page))});
  index_.emplace(key, lru_.begin());
  bytes_ += size;
}

void PageCache::drop(std::list<Item>::iterator it) {
  bytes_ -= it->key.size() + it->page->size();
  index_.erase(it->key);
  lru_.erase(it);
}

std::size_t PageCache::pages() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

std::size_t PageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace balint::web
