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
// that checks visit entries in the same order as before, and report the same first error.
struct NetEntry {
  std::string_view currency;  // Points into the postings, which outlive the entry.
  v1::LedgerAccount account;
  Int128 amount;
};

bool LedgerOrder(std::string_view currency_a, int account_a, std::string_view currency_b,
                 int account_b) {
  if (currency_a != currency_b) return currency_a < currency_b;
  return account_a < account_b;
}

// The postings netted per (currency, account), sorted by (currency, account). An event posts a
// handful of lines, so the entries live inline (no allocation); a longer list spills to the heap.
class NetPostings {
 public:
  explicit NetPostings(const Postings& postings) {
    NetEntry* entries = inline_.data();
    if (postings.size() > inline_.size()) {
      spilled_.resize(postings.size());
      entries = spilled_.data();
    }
    for (const Posting& line : postings) {
      NetEntry* found = std::find_if(entries, entries + size_, [&](const NetEntry& entry) {
        return entry.account == line.ledger_account() && entry.currency == line.currency();
      });
      if (found == entries + size_) {
        entries[size_++] = {line.currency(), line.ledger_account(), line.amount_minor()};
      } else {
        found->amount += line.amount_minor();
      }
    }
    std::sort(entries, entries + size_, [](const NetEntry& a, const NetEntry& b) {
      return LedgerOrder(a.currency, a.account, b.currency, b.account);
    });
    data_ = entries;
  }
  NetPostings(const NetPostings&) = delete;
  NetPostings& operator=(const NetPostings&) = delete;

  const NetEntry* begin() const { return data_; }
  const NetEntry* end() const { return data_ + size_; }

 private:
  static constexpr size_t kInline = 16;
  std::array<NetEntry, kInline> inline_;
  std::vector<NetEntry> spilled_;
  NetEntry* data_ = nullptr;
  size_t size_ = 0;
};

// Sums per currency, in first-seen order; true when every sum is zero.
template <typename Entries, typename Currency, typename Amount>
bool SumsToZeroPerCurrency(const Entries& entries, Currency currency_of, Amount amount_of) {
  constexpr size_t kCurrenciesInline = 4;
  std::pair<std::string_view, Int128> inline_sums[kCurrenciesInline];
  std::vector<std::pair<std::string_view, Int128>> more_sums;
  size_t inline_count = 0;
  for (const auto& entry : entries) {
    const std::string_view currency = currency_of(entry);
    std::pair<std::string_view, Int128>* sum = nullptr;
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

Posting::Posting(v1::LedgerAccount account, std::string_view currency, int64_t amount_minor)
    : account_(account), currency_{}, amount_minor_(amount_minor) {
  ARLEDGER_CHECK(currency.size() == currency_.size());
  std::copy(currency.begin(), currency.end(), currency_.begin());
}

void PostPair(Postings* postings, v1::LedgerAccount debit,
              v1::LedgerAccount credit, std::string_view currency, int64_t amount_minor) {
  ARLEDGER_CHECK(amount_minor >= 0);
  if (amount_minor == 0) return;
  constexpr size_t kLinesTypical = 4;  // Most events post one or two pairs.
  if (postings->capacity() < kLinesTypical) postings->reserve(kLinesTypical);
  postings->emplace_back(debit, currency, amount_minor);
  // amount_minor > 0: the negation cannot overflow.
  postings->emplace_back(credit, currency, -amount_minor);
}

bool PostingsBalance(const Postings& postings) {
  return SumsToZeroPerCurrency(
      postings, [](const Posting& line) { return line.currency(); },
      [](const Posting& line) { return line.amount_minor(); });
}

Status CheckPostingsFit(const v1::AccountState& state,
                        const Postings& postings) {
  // Only currencies this posting touches, in currency order (the net is sorted by currency).
  std::vector<std::pair<std::string_view, Int128>> balance_by_currency;
  for (const NetEntry& entry : NetPostings(postings)) {
    const Int128 after =
        Int128{LedgerBalanceOf(state.ledger(), entry.account, entry.currency)} + entry.amount;
    if (!FitsInt64(after)) {
      return OutOfRange(std::string(LedgerAccountName(entry.account)) + " balance in " +
                        std::string(entry.currency) + " would overflow int64 minor units");
    }
    if (balance_by_currency.empty() || balance_by_currency.back().first != entry.currency) {
      balance_by_currency.emplace_back(entry.currency, 0);
    }
    if (IsBalanceAccount(entry.account)) balance_by_currency.back().second += entry.amount;
  }
  for (auto& [currency, balance] : balance_by_currency) {
    for (v1::LedgerAccount account : kBalanceAccounts) {
      balance += LedgerBalanceOf(state.ledger(), account, currency);
    }
    if (!FitsInt64(balance)) {
      return OutOfRange("account balance in " + std::string(currency) +
                        " would overflow int64 minor units");
    }
  }
  return Status::Ok();
}

void ApplyPostings(const Postings& postings, v1::AccountState* state) {
  ARLEDGER_CHECK(PostingsBalance(postings));
  auto* ledger = state->mutable_ledger();
  bool added = false;
  for (const NetEntry& entry : NetPostings(postings)) {
    v1::LedgerBalance* target = nullptr;
    for (v1::LedgerBalance& balance : *ledger) {
      if (balance.ledger_account() == entry.account && balance.currency() == entry.currency) {
        target = &balance;
      }
    }
    if (target == nullptr) {
      target = ledger->Add();
      target->set_currency(std::string(entry.currency));
      target->set_ledger_account(entry.account);
      added = true;
    }
    const Int128 after = Int128{target->balance_minor()} + entry.amount;
    ARLEDGER_CHECK(FitsInt64(after));
    target->set_balance_minor(static_cast<int64_t>(after));
  }
  // Kept sorted by (currency, account); only a new entry can put it out of order.
  // Sorting the pointers moves no message.
  if (added) {
    std::sort(ledger->pointer_begin(), ledger->pointer_end(),
              [](const v1::LedgerBalance* a, const v1::LedgerBalance* b) {
                return LedgerOrder(a->currency(), a->ledger_account(), b->currency(),
                                   b->ledger_account());
              });
  }
}

bool LedgerBalancesToZero(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger) {
  return SumsToZeroPerCurrency(
      ledger,
      [](const v1::LedgerBalance& balance) -> std::string_view { return balance.currency(); },
      [](const v1::LedgerBalance& balance) { return balance.balance_minor(); });
}

void CheckTrialBalance(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger) {
  ARLEDGER_CHECK(LedgerBalancesToZero(ledger));
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
