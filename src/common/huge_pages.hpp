// A hint that a large buffer be backed by 2 MiB pages (issue 13). The
// engine's columns are tens to hundreds of MiB and are written once from
// start to end each run; with 4 KiB pages the kernel takes one page fault
// per 4 KiB on first touch, about a sixth of a 1,000,000-employee run.
// With the hint, one fault maps 2 MiB. Where transparent huge pages are
// "madvise" (Debian's default) only advised memory gets them; where they
// are "always" or "never" the hint changes nothing. Contents and results do
// not depend on it.
#pragma once

#include <cstddef>
#include <vector>

namespace planwise {

// Advises the whole 2 MiB-aligned pages inside [data, data + bytes), before
// they are first touched; returns how many bytes that covers (0 for a
// buffer too small to hold one, or where the hint is refused or not built).
std::size_t advise_huge_pages(const void* data, std::size_t bytes);

// The same for a vector's whole capacity.
template <class T, class A>
std::size_t advise_huge_pages(const std::vector<T, A>& v) {
  return advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace planwise
