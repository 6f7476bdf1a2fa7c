// Internal to engine/: the AVX-512 helpers the member lanes share
// (member_lanes.cpp, member_check_lanes.cpp). Included only by files whose
// functions carry PLANWISE_LANES_TARGET, and only on x86-64 with GCC or
// clang, where PLANWISE_MEMBER_LANES is then defined.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/date.hpp"
#include "engine/model_types.hpp"

#define PLANWISE_MEMBER_LANES 1
#define PLANWISE_LANES_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))

namespace planwise::engine::lanes {

// round2(x) as its definition, round_half_away(x × 100.0) / 100.0, which
// round2 equals bit for bit (common/rounding.hpp): truncation, the exact
// difference, a sign copy of 1 or 0 and one division, in every lane.
PLANWISE_LANES_TARGET inline __m512d round2_lanes(__m512d x) {
  const __m512d sign = _mm512_set1_pd(-0.0);
  const __m512d scaled = _mm512_mul_pd(x, _mm512_set1_pd(100.0));
  const __m512d whole = _mm512_roundscale_pd(scaled, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m512d fraction = _mm512_andnot_pd(sign, _mm512_sub_pd(scaled, whole));
  const __mmask8 away = _mm512_cmp_pd_mask(fraction, _mm512_set1_pd(0.5), _CMP_GE_OQ);
  const __m512d step =
      _mm512_or_pd(_mm512_maskz_mov_pd(away, _mm512_set1_pd(1.0)), _mm512_and_pd(scaled, sign));
  return _mm512_div_pd(_mm512_add_pd(whole, step), _mm512_set1_pd(100.0));
}

PLANWISE_LANES_TARGET inline __m256i load_bytes(const std::uint8_t* at) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(at)));
}

PLANWISE_LANES_TARGET inline __m256i load_shorts(const std::int16_t* at) {
  return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)));
}

PLANWISE_LANES_TARGET inline __m256i load_days(const DayNumber* at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
}

PLANWISE_LANES_TARGET inline void store_days(DayNumber* at, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(at), v);
}

// The low byte of each lane, in the rows of `write`.
PLANWISE_LANES_TARGET inline void store_bytes(void* at, __mmask8 write, __m256i v) {
  _mm_mask_storeu_epi8(at, write, _mm256_cvtepi32_epi8(v));
}

PLANWISE_LANES_TARGET inline __m512d as_doubles(__m256i days) {
  return _mm512_cvtepi32_pd(days);
}

// The first value of each band after the lowest, read from the band tables
// (model_types.hpp): a band is the count of these at or below the value.
template <std::size_t kBands>
constexpr std::array<int, kBands - 1> band_starts(
    const std::array<std::uint8_t, band_detail::kTableSize>& t) {
  std::array<int, kBands - 1> starts{};
  for (std::size_t b = 1; b < kBands; ++b) {
    int v = 0;
    while (v < band_detail::kTableSize && t[static_cast<std::size_t>(v)] < b) ++v;
    starts[b - 1] = v;
  }
  return starts;
}

template <std::size_t kStarts>
PLANWISE_LANES_TARGET inline __m256i band_lanes(__m256i value, const std::array<int, kStarts>& at) {
  __m256i band = _mm256_setzero_si256();
  for (int start : at) {
    const __mmask8 past = _mm256_cmpge_epi32_mask(value, _mm256_set1_epi32(start));
    band = _mm256_mask_add_epi32(band, past, band, _mm256_set1_epi32(1));
  }
  return band;
}

constexpr std::array<int, kAgeBandCount - 1> kAgeStarts =
    band_starts<kAgeBandCount>(band_detail::kAgeBands);
constexpr std::array<int, kTenureBandCount - 1> kTenureStarts =
    band_starts<kTenureBandCount>(band_detail::kTenureBands);

}  // namespace planwise::engine::lanes

#endif
