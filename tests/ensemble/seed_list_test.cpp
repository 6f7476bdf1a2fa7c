// Issue 12 item 7: seed lists, and input errors that name the field and
// the offending item.
#include "ensemble/seed_list.hpp"

#include <gtest/gtest.h>

namespace planwise::ensemble {
namespace {

std::vector<std::uint64_t> seeds(std::initializer_list<std::uint64_t> s) {
  return s;
}

bool mentions(const Error& e, const std::string& part) {
  return e.to_string().find(part) != std::string::npos;
}

TEST(SeedList, CountCountsUpFromTheConfiguredSeed) {
  auto s = parse_seed_count_or_range("3", 42, "--seeds");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, seeds({42, 43, 44}));
  auto one = parse_seed_count_or_range("1", 7, "--seeds");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, seeds({7}));
}

TEST(SeedList, RangeIsInclusive) {
  auto s = parse_seed_count_or_range("100..103", 42, "--seeds");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, seeds({100, 101, 102, 103}));
  auto single = parse_seed_count_or_range("5..5", 42, "--seeds");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(*single, seeds({5}));
}

TEST(SeedList, BadCountsAndRangesNameTheFieldAndQuoteTheText) {
  for (const char* text : {"abc", "0", "-3", "", "10..5", "1..x", "20000", "0..10000"}) {
    auto s = parse_seed_count_or_range(text, 42, "--seeds");
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput) << text;
    EXPECT_TRUE(mentions(s.error(), "--seeds")) << s.error().to_string();
    if (*text != '\0') EXPECT_TRUE(mentions(s.error(), text)) << s.error().to_string();
  }
  auto api = parse_seed_count_or_range("many", 42, "seeds");
  ASSERT_FALSE(api.ok());
  EXPECT_TRUE(mentions(api.error(), "seeds"));
  EXPECT_FALSE(mentions(api.error(), "--seeds"));
}

TEST(SeedList, ExplicitListKeepsItsOrder) {
  auto s = parse_seed_list("9,1,5", "--seed-list");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, seeds({9, 1, 5}));
}

TEST(SeedList, BadListItemsNameTheFieldAndTheItem) {
  struct Case {
    const char* text;
    const char* item;  // the 1-based position the error must name
    const char* value;
  };
  for (const Case& c : {Case{"1,,9", "2", ""}, Case{"1,5,1", "3", "1"}, Case{"1,x", "2", "x"},
                        Case{"4,5,-6", "3", "-6"}}) {
    auto s = parse_seed_list(c.text, "--seed-list");
    ASSERT_FALSE(s.ok()) << c.text;
    const Error& e = s.error();
    EXPECT_EQ(e.kind, ErrorKind::kInvalidInput) << c.text;
    EXPECT_TRUE(mentions(e, "--seed-list")) << e.to_string();
    EXPECT_TRUE(mentions(e, std::string("item ") + c.item)) << e.to_string();
    if (*c.value != '\0') EXPECT_TRUE(mentions(e, c.value)) << e.to_string();
  }
}

TEST(SeedList, TextIsARangeWhenConsecutive) {
  EXPECT_EQ(seed_list_text(seeds({42, 43, 44, 45})), "42..45");
  EXPECT_EQ(seed_list_text(seeds({1, 5, 9})), "1,5,9");
  EXPECT_EQ(seed_list_text(seeds({3, 2, 1})), "3,2,1");
}

}  // namespace
}  // namespace planwise::ensemble
