// Internal to engine/: counts of rows per bucket, on every thread when the
// rows are many (issue 13: the leaver selections find their cut this way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/parallel_rows.hpp"

namespace planwise::engine {

// How many of rows [first, end) fall in each of `buckets` buckets:
// bucket_of(row) gives a row's bucket, or `buckets` or more for a row that
// counts in none. Counts add in any order, so each thread counts a share of
// the rows and the shares are summed: the same counts as one pass in row
// order, whatever the thread count.
template <class BucketOf>
std::vector<std::size_t> bucket_counts(std::size_t first, std::size_t end, std::size_t buckets,
                                       BucketOf bucket_of) {
  std::vector<std::size_t> counts(buckets, 0);
  const auto begin = static_cast<std::int64_t>(first);
  const auto stop = static_cast<std::int64_t>(end);
#pragma omp parallel if (stop - begin > kParallelRows)
  {
    std::vector<std::size_t> mine(buckets + 1, 0);  // the last: rows in no bucket
#pragma omp for schedule(static) nowait
    for (std::int64_t j = begin; j < stop; ++j) {
      const std::size_t b = bucket_of(static_cast<std::size_t>(j));
      ++mine[b < buckets ? b : buckets];
    }
#pragma omp critical(planwise_bucket_counts)
    for (std::size_t b = 0; b < buckets; ++b) counts[b] += mine[b];
  }
  return counts;
}

}  // namespace planwise::engine
