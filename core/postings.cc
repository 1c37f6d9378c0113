// Double-entry postings: building balanced lines, checking their bounds, keeping the ledger.
#include "core/postings.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>

namespace arledger {
namespace {

using Int128 = __int128;
constexpr Int128 kInt64Max = std::numeric_limits<int64_t>::max();
constexpr Int128 kInt64Min = std::numeric_limits<int64_t>::min();

bool FitsInt64(Int128 value) { return value >= kInt64Min && value <= kInt64Max; }

// A posting nets to a handful of (currency, account) entries, so a flat array searched
// linearly beats a map (no node allocations); NetPostings sorts it by (currency, account) so
// that checks visit entries in a fixed order, and report the same first error.
struct NetEntry {
  uint64_t key;  // Currency then account: the order entries are visited in.
  Currency currency;
  v1::LedgerAccount account;
  Int128 amount;
};

uint64_t LedgerKey(Currency currency, v1::LedgerAccount account) {
  return static_cast<uint64_t>(currency.packed()) << 32 | static_cast<uint32_t>(account);
}

// The postings netted per (currency, account), sorted by (currency, account), inline.
class NetPostings {
 public:
  explicit NetPostings(const Postings& postings) {
    for (const Posting& line : postings) {
      const uint64_t key = LedgerKey(line.currency(), line.ledger_account());
      NetEntry* found =
          std::find_if(begin(), end(), [key](const NetEntry& e) { return e.key == key; });
      if (found != end()) {
        found->amount += line.amount_minor();
        continue;
      }
      // Insertion in key order: at most kPostingLinesMax entries.
      NetEntry* at = end();
      while (at != begin() && (at - 1)->key > key) {
        *at = *(at - 1);
        --at;
      }
      *at = {key, line.currency(), line.ledger_account(), line.amount_minor()};
      ++size_;
    }
  }
  NetPostings(const NetPostings&) = delete;
  NetPostings& operator=(const NetPostings&) = delete;

  NetEntry* begin() { return entries_.data(); }
  NetEntry* end() { return entries_.data() + size_; }

 private:
  std::array<NetEntry, kPostingLinesMax> entries_;
  size_t size_ = 0;
};

// Sums per currency, in first-seen order; true when every sum is zero.
template <typename Entries, typename CurrencyOf, typename Amount>
bool SearchedSumsToZero(const Entries& entries, CurrencyOf currency_of, Amount amount_of) {
  using Key = decltype(currency_of(*std::begin(entries)));
  constexpr size_t kCurrenciesInline = 4;
  std::pair<Key, Int128> inline_sums[kCurrenciesInline];
  std::vector<std::pair<Key, Int128>> more_sums;
  size_t inline_count = 0;
  for (const auto& entry : entries) {
    const Key currency = currency_of(entry);
    std::pair<Key, Int128>* sum = nullptr;
    for (size_t i = 0; i < inline_count && sum == nullptr; ++i) {
      if (inline_sums[i].first == currency) sum = &inline_sums[i];
    }
    for (size_t i = 0; i < more_sums.size() && sum == nullptr; ++i) {
      if (more_sums[i].first == currency) sum = &more_sums[i];
    }
    if (sum == nullptr) {
      if (inline_count < kCurrenciesInline) {
        sum = &inline_sums[inline_count++];
      } else {
        sum = &more_sums.emplace_back();
      }
      *sum = {currency, 0};
    }
    sum->second += amount_of(entry);
  }
  for (size_t i = 0; i < inline_count; ++i) {
    if (inline_sums[i].second != 0) return false;
  }
  for (const auto& sum : more_sums) {
    if (sum.second != 0) return false;
  }
  return true;
}

// The same in one pass when the entries are in currency order, as an account's ledger is kept
// and as an event's lines are (it posts in one currency): checked on every event.
template <typename Entries, typename CurrencyOf, typename Amount>
bool SumsToZeroPerCurrency(const Entries& entries, CurrencyOf currency_of, Amount amount_of) {
  using Key = decltype(currency_of(*std::begin(entries)));
  bool first = true;
  bool all_zero = true;
  Key current{};
  Int128 sum = 0;
  for (const auto& entry : entries) {
    const Key currency = currency_of(entry);
    if (first || currency != current) {
      if (!first && currency < current) {
        return SearchedSumsToZero(entries, currency_of, amount_of);  // Not in order.
      }
      all_zero = all_zero && sum == 0;
      current = currency;
      sum = 0;
      first = false;
    }
    sum += amount_of(entry);
  }
  return all_zero && sum == 0;
}

// The account's balance (open items - unallocated cash - account credit) is the sum of these
// ledger balances: the two pools are credit balances, so they are negative.
constexpr v1::LedgerAccount kBalanceAccounts[] = {v1::LEDGER_ACCOUNT_RECEIVABLES,
                                                  v1::LEDGER_ACCOUNT_UNALLOCATED_CASH,
                                                  v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT};

bool IsBalanceAccount(v1::LedgerAccount account) {
  return std::find(std::begin(kBalanceAccounts), std::end(kBalanceAccounts), account) !=
         std::end(kBalanceAccounts);
}

}  // namespace

void PostPair(Postings* postings, v1::LedgerAccount debit, v1::LedgerAccount credit,
              Currency currency, int64_t amount_minor) {
  ARLEDGER_CHECK(amount_minor >= 0);
  if (amount_minor == 0) return;
  postings->push_back(Posting(debit, currency, amount_minor));
  // amount_minor > 0: the negation cannot overflow.
  postings->push_back(Posting(credit, currency, -amount_minor));
}

bool PostingsBalance(const Postings& postings) {
  return SumsToZeroPerCurrency(
      postings, [](const Posting& line) { return line.currency(); },
      [](const Posting& line) { return line.amount_minor(); });
}

Status CheckPostingsFit(const AccountState& state, const Postings& postings) {
  // Only currencies this posting touches, in currency order (the net is sorted by currency).
  std::array<std::pair<Currency, Int128>, kPostingLinesMax> balance_by_currency;
  size_t currencies = 0;
  for (const NetEntry& entry : NetPostings(postings)) {
    const Int128 after =
        Int128{LedgerBalanceOf(state.ledger, entry.account, entry.currency)} + entry.amount;
    if (!FitsInt64(after)) {
      return OutOfRange(std::string(LedgerAccountName(entry.account)) + " balance in " +
                        entry.currency.str() + " would overflow int64 minor units");
    }
    if (currencies == 0 || balance_by_currency[currencies - 1].first != entry.currency) {
      balance_by_currency[currencies++] = {entry.currency, 0};
    }
    if (IsBalanceAccount(entry.account)) balance_by_currency[currencies - 1].second += entry.amount;
  }
  for (size_t i = 0; i < currencies; ++i) {
    auto& [currency, balance] = balance_by_currency[i];
    for (v1::LedgerAccount account : kBalanceAccounts) {
      balance += LedgerBalanceOf(state.ledger, account, currency);
    }
    if (!FitsInt64(balance)) {
      return OutOfRange("account balance in " + currency.str() +
                        " would overflow int64 minor units");
    }
  }
  return Status::Ok();
}

void ApplyPostings(const Postings& postings, AccountState* state) {
  ARLEDGER_CHECK(PostingsBalance(postings));
  std::vector<LedgerBalance>& ledger = state->ledger;
  bool added = false;
  for (const NetEntry& entry : NetPostings(postings)) {
    LedgerBalance* target = nullptr;
    for (LedgerBalance& balance : ledger) {
      if (balance.ledger_account == entry.account && balance.currency == entry.currency) {
        target = &balance;
      }
    }
    if (target == nullptr) {
      target = &ledger.emplace_back();
      target->currency = entry.currency;
      target->ledger_account = entry.account;
      added = true;
    }
    const Int128 after = Int128{target->balance_minor} + entry.amount;
    ARLEDGER_CHECK(FitsInt64(after));
    target->balance_minor = static_cast<int64_t>(after);
  }
  // Kept sorted by (currency, account); only a new entry can put it out of order.
  if (added) {
    std::sort(ledger.begin(), ledger.end(), [](const LedgerBalance& a, const LedgerBalance& b) {
      return LedgerKey(a.currency, a.ledger_account) < LedgerKey(b.currency, b.ledger_account);
    });
  }
}

bool LedgerBalancesToZero(const std::vector<LedgerBalance>& ledger) {
  return SumsToZeroPerCurrency(
      ledger, [](const LedgerBalance& balance) { return balance.currency; },
      [](const LedgerBalance& balance) { return balance.balance_minor; });
}

bool LedgerBalancesToZero(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger) {
  return SumsToZeroPerCurrency(
      ledger,
      [](const v1::LedgerBalance& balance) -> std::string_view { return balance.currency(); },
      [](const v1::LedgerBalance& balance) { return balance.balance_minor(); });
}

void CheckTrialBalance(const std::vector<LedgerBalance>& ledger) {
  ARLEDGER_CHECK(LedgerBalancesToZero(ledger));
}

void CheckTrialBalance(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger) {
  ARLEDGER_CHECK(LedgerBalancesToZero(ledger));
}

int64_t LedgerBalanceOf(const std::vector<LedgerBalance>& ledger, v1::LedgerAccount account,
                        Currency currency) {
  for (const LedgerBalance& balance : ledger) {
    if (balance.ledger_account == account && balance.currency == currency) {
      return balance.balance_minor;
    }
  }
  return 0;
}

int64_t LedgerBalanceOf(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger,
                        v1::LedgerAccount account, std::string_view currency) {
  for (const v1::LedgerBalance& balance : ledger) {
    if (balance.ledger_account() == account && balance.currency() == currency) {
      return balance.balance_minor();
    }
  }
  return 0;
}

std::string_view LedgerAccountName(v1::LedgerAccount account) {
  switch (account) {
    case v1::LEDGER_ACCOUNT_RECEIVABLES:
      return "receivables";
    case v1::LEDGER_ACCOUNT_CASH:
      return "cash";
    case v1::LEDGER_ACCOUNT_REVENUE:
      return "revenue";
    case v1::LEDGER_ACCOUNT_UNALLOCATED_CASH:
      return "unallocated cash";
    case v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT:
      return "account credit";
    case v1::LEDGER_ACCOUNT_BAD_DEBT:
      return "bad debt";
    case v1::LEDGER_ACCOUNT_CREDIT_NOTES:
      return "credit notes";
    case v1::LEDGER_ACCOUNT_REFUNDS:
      return "refunds";
    default:
      return "unspecified";
  }
}

}  // namespace arledger
