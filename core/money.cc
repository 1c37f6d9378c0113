#include "core/money.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace arledger {
namespace {

struct CurrencyInfo {
  const char* code;
  int minor_unit_digits;
};

// Active ISO-4217 codes with their minor units, sorted by code.
constexpr CurrencyInfo kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
    {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2},
    {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2},
    {"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2},
    {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
    {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2},
    {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0},
    {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2},
    {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2},
    {"MRU", 2}, {"MUR", 2}, {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2},
    {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2},
    {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
    {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2},
    {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2},
    {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VES", 2},
    {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2},
    {"ZAR", 2}, {"ZMW", 2}, {"ZWL", 2},
};

// Every three-letter code A-Z has a slot (26^3 of them): the index of its entry in
// kCurrencies, or -1. Built once; a lookup is then one load, where the fold looks up the
// currency of every amount of every event.
constexpr size_t kLetterCodes = 26 * 26 * 26;

int LetterCodeIndex(std::string_view code) {
  if (code.size() != 3) return -1;
  int index = 0;
  for (char letter : code) {
    if (letter < 'A' || letter > 'Z') return -1;
    index = index * 26 + (letter - 'A');
  }
  return index;
}

const std::array<int16_t, kLetterCodes>& CurrencySlots() {
  static const std::array<int16_t, kLetterCodes> slots = [] {
    std::array<int16_t, kLetterCodes> table;
    table.fill(-1);
    for (size_t i = 0; i < std::size(kCurrencies); ++i) {
      table[static_cast<size_t>(LetterCodeIndex(kCurrencies[i].code))] = static_cast<int16_t>(i);
    }
    return table;
  }();
  return slots;
}

const CurrencyInfo* FindCurrency(std::string_view code) {
  const int index = LetterCodeIndex(code);
  if (index < 0) return nullptr;
  const int16_t slot = CurrencySlots()[static_cast<size_t>(index)];
  return slot < 0 ? nullptr : &kCurrencies[slot];
}

}  // namespace

bool IsKnownCurrency(std::string_view code) { return FindCurrency(code) != nullptr; }

Result<Currency> Currency::Parse(std::string_view code) {
  if (code.empty()) return InvalidArgument("currency is missing");
  if (!IsKnownCurrency(code)) {
    return InvalidArgument("currency '" + std::string(code) + "' is not an ISO-4217 code");
  }
  Currency currency;
  std::copy(code.begin(), code.end(), currency.letters_.begin());
  return currency;
}

Currency Currency::FromCheckedCode(std::string_view code) {
  ARLEDGER_CHECK(code.size() == kLetters);
  Currency currency;
  for (size_t i = 0; i < kLetters; ++i) {
    ARLEDGER_CHECK(code[i] >= 'A' && code[i] <= 'Z');
    currency.letters_[i] = code[i];
  }
  return currency;
}

int Currency::minor_unit_digits() const {
  const CurrencyInfo* info = FindCurrency(code());
  return info == nullptr ? 2 : info->minor_unit_digits;
}

Result<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return OutOfRange("amount overflows int64 minor units");
  return sum;
}

Result<int64_t> CheckedSubtract(int64_t a, int64_t b) {
  int64_t difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) {
    return OutOfRange("amount overflows int64 minor units");
  }
  return difference;
}

Result<Money> Money::FromProto(const v1::Money& proto) {
  Result<Currency> currency = Currency::Parse(proto.currency());
  if (!currency.ok()) return currency.status();
  return Money(proto.amount_minor(), *currency);
}

void Money::ToProto(v1::Money* out) const {
  out->set_amount_minor(amount_minor_);
  out->set_currency(currency_.str());
}

Result<Money> Money::Add(const Money& other) const {
  if (currency_ != other.currency_) {
    return InvalidArgument("cannot add " + other.currency_.str() + " to " + currency_.str());
  }
  Result<int64_t> sum = CheckedAdd(amount_minor_, other.amount_minor_);
  if (!sum.ok()) return sum.status();
  return Money(*sum, currency_);
}

Result<Money> Money::Subtract(const Money& other) const {
  if (currency_ != other.currency_) {
    return InvalidArgument("cannot subtract " + other.currency_.str() + " from " + currency_.str());
  }
  Result<int64_t> difference = CheckedSubtract(amount_minor_, other.amount_minor_);
  if (!difference.ok()) return difference.status();
  return Money(*difference, currency_);
}

Result<Money> Money::Negate() const {
  if (amount_minor_ == std::numeric_limits<int64_t>::min()) {
    return OutOfRange("amount overflows int64 minor units");
  }
  return Money(-amount_minor_, currency_);
}

std::string Money::ToString() const {
  const int digits = currency_.minor_unit_digits();
  // Work in unsigned so that INT64_MIN prints correctly.
  const bool negative = amount_minor_ < 0;
  uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(amount_minor_) : static_cast<uint64_t>(amount_minor_);
  uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  char buffer[64];
  if (digits == 0) {
    std::snprintf(buffer, sizeof buffer, "%s %s%llu", currency_.str().c_str(), negative ? "-" : "",
                  static_cast<unsigned long long>(magnitude));
  } else {
    std::snprintf(buffer, sizeof buffer, "%s %s%llu.%0*llu", currency_.str().c_str(),
                  negative ? "-" : "", static_cast<unsigned long long>(magnitude / scale), digits,
                  static_cast<unsigned long long>(magnitude % scale));
  }
  return buffer;
}

}  // namespace arledger
