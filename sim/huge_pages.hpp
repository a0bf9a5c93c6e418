// An allocator for agent columns that asks for transparent huge pages.
//
// The first touch of every 4 KiB page of a fresh allocation is a page fault; on the virtual
// machines measured here each cost about 15 us, so zeroing 9 MiB of worker columns took 40 ms, a
// twentieth of the baseline run. Blocks from 256 KiB up are rounded to whole 2 MiB pages,
// 2 MiB-aligned and advised with madvise(MADV_HUGEPAGE): one fault per 2 MiB where the kernel
// grants huge pages (THP "always" or "madvise"), ordinary pages otherwise.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "sim/parallel.hpp"

namespace sim {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  static bool huge(std::size_t n) { return n * sizeof(T) >= kHugePage / 8; }

  T* allocate(std::size_t n) {
    if (!huge(n)) return std::allocator<T>().allocate(n);
    const std::size_t bytes = (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, bytes);
    if (!p) throw std::bad_alloc();
    // Advice only: without THP the pages are ordinary ones.
    madvise(p, bytes, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (!huge(n)) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }

  // resize(n) leaves new elements default-initialised (no write, so no page touched): columns
  // are filled by fill_parallel, whose first touch spreads the kernel's page zeroing over the
  // threads (at 100 million workers, zeroing 900 MB on one core took most of the setup).
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

// A column of agent state.
template <typename T>
using AgentColumn = std::vector<T, HugePageAllocator<T>>;

// Resizes `column` to n elements, all equal to `value`, writing them in parallel blocks.
template <typename T>
void fill_parallel(AgentColumn<T>& column, std::size_t n, T value) {
  column.clear();
  column.resize(n);
  constexpr std::size_t kGrain = kHugePage / sizeof(T);
  T* const data = column.data();
  sim::parallel_ranges(n, kGrain, [data, value](std::size_t begin, std::size_t end) {
    std::fill(data + begin, data + end, value);
  });
}

}  // namespace sim
