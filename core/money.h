// Money: an amount in integer minor units of one ISO-4217 currency.
//
// Arithmetic is checked: adding amounts of different currencies, or overflowing int64, is an
// error returned as a Status, never undefined behaviour and never a silent wrap. Nothing in
// arledger sums across currencies. Plain value type; no allocation; thread-compatible.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "arledger/v1/money.pb.h"
#include "core/status.h"

namespace arledger {

// An ISO-4217 alphabetic code, stored inline. Only codes on the ISO list are accepted.
class Currency {
 public:
  Currency() = default;
  static Result<Currency> Parse(std::string_view code);
  // For a code already known to be ISO-4217 (ValidateEnvelope checks every currency of an event
  // before the fold sees it): no table lookup, no Result. Aborts unless it is three letters A-Z.
  static Currency FromCheckedCode(std::string_view code);

  // The three letters; "" for a default-constructed (empty) currency.
  std::string_view code() const { return {letters_.data(), empty() ? 0 : kLetters}; }
  std::string str() const { return std::string(code()); }
  // Digits after the decimal point (GBP 2, JPY 0, KWD 3).
  int minor_unit_digits() const;
  bool empty() const { return letters_[0] == '\0'; }
  // The code packed into one integer, first letter highest (0 when empty): it orders as the
  // codes do, and the fold compares currencies on every posting, so they compare as integers.
  uint32_t packed() const { return __builtin_bswap32(Word()) >> 8; }
  friend bool operator==(const Currency& a, const Currency& b) { return a.Word() == b.Word(); }
  friend auto operator<=>(const Currency& a, const Currency& b) {
    return a.packed() <=> b.packed();
  }

 private:
  static constexpr size_t kLetters = 3;
  static_assert(std::endian::native == std::endian::little,
                "packed() reads the letters as one word");

  // The letters and the zero after them as one little-endian word: one load to compare.
  uint32_t Word() const {
    uint32_t word = 0;
    std::memcpy(&word, letters_.data(), sizeof word);
    return word;
  }

  std::array<char, kLetters + 1> letters_{};  // The last is always '\0'.
};

// True when `code` is an active ISO-4217 code.
bool IsKnownCurrency(std::string_view code);

class Money {
 public:
  Money() = default;
  Money(int64_t amount_minor, Currency currency)
      : amount_minor_(amount_minor), currency_(currency) {}

  // Converts from the wire type: the currency must be a known ISO-4217 code.
  static Result<Money> FromProto(const v1::Money& proto);
  void ToProto(v1::Money* out) const;

  int64_t amount_minor() const { return amount_minor_; }
  Currency currency() const { return currency_; }
  bool is_zero() const { return amount_minor_ == 0; }
  bool is_negative() const { return amount_minor_ < 0; }

  // Checked arithmetic: kInvalidArgument on a currency mismatch, kOutOfRange on overflow.
  Result<Money> Add(const Money& other) const;
  Result<Money> Subtract(const Money& other) const;
  Result<Money> Negate() const;

  // "GBP 12.34": for logs and messages, never for arithmetic.
  std::string ToString() const;

  friend bool operator==(const Money&, const Money&) = default;

 private:
  int64_t amount_minor_ = 0;
  Currency currency_;
};

// Checked int64 arithmetic on minor units, for the fold's inner loops.
Result<int64_t> CheckedAdd(int64_t a, int64_t b);
Result<int64_t> CheckedSubtract(int64_t a, int64_t b);

}  // namespace arledger
