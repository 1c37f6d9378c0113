// Proves Money's arithmetic is checked: currencies never mix, int64 overflow is an error,
// and only ISO-4217 codes are accepted.
#include "core/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace arledger {
namespace {

Money Gbp(int64_t minor) { return Money(minor, *Currency::Parse("GBP")); }
Money Eur(int64_t minor) { return Money(minor, *Currency::Parse("EUR")); }

TEST(MoneyTest, AddsAndSubtractsInOneCurrency) {
  Result<Money> sum = Gbp(1050).Add(Gbp(250));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->amount_minor(), 1300);
  Result<Money> difference = Gbp(100).Subtract(Gbp(250));
  ASSERT_TRUE(difference.ok());
  EXPECT_EQ(difference->amount_minor(), -150);
}

TEST(MoneyTest, RefusesToMixCurrencies) {
  Result<Money> sum = Gbp(100).Add(Eur(100));
  EXPECT_EQ(sum.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(sum.status().message().find("EUR"), std::string::npos);
  EXPECT_FALSE(Gbp(100).Subtract(Eur(1)).ok());
}

TEST(MoneyTest, OverflowIsAnErrorNotAWrap) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(Gbp(max).Add(Gbp(1)).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Gbp(min).Subtract(Gbp(1)).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Gbp(min).Negate().status().code(), StatusCode::kOutOfRange);
  EXPECT_TRUE(Gbp(max).Add(Gbp(0)).ok());
}

TEST(MoneyTest, AcceptsOnlyIsoCurrencies) {
  EXPECT_TRUE(Currency::Parse("GBP").ok());
  EXPECT_TRUE(Currency::Parse("JPY").ok());
  EXPECT_FALSE(Currency::Parse("gbp").ok());
  EXPECT_FALSE(Currency::Parse("XXZ").ok());
  EXPECT_FALSE(Currency::Parse("").ok());
  EXPECT_FALSE(Currency::Parse("GB").ok());
  EXPECT_FALSE(Currency::Parse("GBPX").ok());
  EXPECT_FALSE(Currency::Parse("G@P").ok());
  EXPECT_FALSE(Currency::Parse(std::string_view("G\0P", 3)).ok());
  // The first and last codes of the table, and their minor units.
  EXPECT_EQ(Currency::Parse("AED")->minor_unit_digits(), 2);
  EXPECT_EQ(Currency::Parse("ZWL")->minor_unit_digits(), 2);
  EXPECT_EQ(Currency::Parse("KWD")->minor_unit_digits(), 3);
  EXPECT_FALSE(Currency::Parse("GBPX").ok());
  v1::Money proto;
  proto.set_amount_minor(5);
  proto.set_currency("ABC");
  EXPECT_FALSE(Money::FromProto(proto).ok());
}

TEST(MoneyTest, FormatsWithTheCurrencysMinorUnits) {
  EXPECT_EQ(Gbp(123456).ToString(), "GBP 1234.56");
  EXPECT_EQ(Gbp(-5).ToString(), "GBP -0.05");
  EXPECT_EQ(Money(1200, *Currency::Parse("JPY")).ToString(), "JPY 1200");
  EXPECT_EQ(Money(1234, *Currency::Parse("KWD")).ToString(), "KWD 1.234");
  EXPECT_EQ(Gbp(std::numeric_limits<int64_t>::min()).ToString(), "GBP -92233720368547758.08");
}

TEST(MoneyTest, CheckedCodeIsTheParsedCurrencyWithoutTheLookup) {
  // Proves the fold's shortcut for validated events makes the same Currency as Parse, and
  // still refuses what is not three capital letters (a bug upstream of the fold).
  EXPECT_EQ(Currency::FromCheckedCode("GBP"), *Currency::Parse("GBP"));
  EXPECT_EQ(Currency::FromCheckedCode("JPY").minor_unit_digits(), 0);
  EXPECT_EQ(Currency::FromCheckedCode("EUR").code(), "EUR");
  EXPECT_DEATH(Currency::FromCheckedCode("gbp"), "'A'");
  EXPECT_DEATH(Currency::FromCheckedCode("GB"), "size");
}

}  // namespace
}  // namespace arledger
