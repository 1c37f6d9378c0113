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

uint64_t LedgerKey(Currency currency, v1::LedgerAccount account) {
  return static_cast<uint64_t>(currency.packed()) << 32 | static_cast<uint32_t>(account);
}

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
constexpr uint32_t kBalanceAccounts = 1u << v1::LEDGER_ACCOUNT_RECEIVABLES |
                                      1u << v1::LEDGER_ACCOUNT_UNALLOCATED_CASH |
                                      1u << v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT;

bool IsBalanceAccount(v1::LedgerAccount account) {
  const auto bit = static_cast<uint32_t>(account);
  return bit < 32 && (kBalanceAccounts >> bit & 1) != 0;
}

// One currency an update touches: its lines' sum (zero when they balance), the account balance
// (receivables - unallocated cash - account credit) after the lines, and the ledger's sum
// before them (zero when debits equal credits).
struct CurrencyTotals {
  Currency currency;
  Int128 lines;
  Int128 balance;
  Int128 ledger;
};

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

size_t LedgerUpdate::NetLines(const Postings& postings, Change* changes, __int128* net) {
  // Kept in (currency, account) order by insertion (a handful of lines, so a flat array beats a
  // map), so that the checks visit them in a fixed order and report the same first error.
  size_t size = 0;
  for (const Posting& line : postings) {
    const uint64_t key = LedgerKey(line.currency(), line.ledger_account());
    size_t at = 0;
    while (at < size && changes[at].key < key) ++at;
    if (at < size && changes[at].key == key) {
      net[at] += line.amount_minor();
      continue;
    }
    for (size_t i = size; i > at; --i) {
      changes[i] = changes[i - 1];
      net[i] = net[i - 1];
    }
    changes[at] = {key, line.currency(), line.ledger_account(), 0, -1};
    net[at] = line.amount_minor();
    ++size;
  }
  return size;
}

Status LedgerUpdate::Plan(const std::vector<LedgerBalance>& ledger, const Postings& postings,
                          LedgerUpdate* update) {
  update->size_ = 0;
  update->ledger_size_ = ledger.size();
  update->adds_ = false;
  update->trial_balance_holds_ = false;
  Change* changes = update->changes_.data();
  Int128 net[kPostingLinesMax];
  const size_t size = NetLines(postings, changes, net);
  // The currencies the lines touch, in order (the changes are sorted by currency first).
  CurrencyTotals totals[kPostingLinesMax];
  size_t currencies = 0;
  for (size_t i = 0; i < size; ++i) {
    if (currencies == 0 || totals[currencies - 1].currency != changes[i].currency) {
      totals[currencies++] = {changes[i].currency, 0, 0, 0};
    }
    CurrencyTotals& total = totals[currencies - 1];
    total.lines += net[i];
    if (IsBalanceAccount(changes[i].account)) total.balance += net[i];
  }
  bool postings_balance = true;
  for (size_t c = 0; c < currencies; ++c) {
    postings_balance = postings_balance && totals[c].lines == 0;
  }
  ARLEDGER_CHECK(postings_balance);  // Each event's lines sum to zero in every currency.

  // One pass over the ledger: where each change sits, and the touched currencies' totals.
  int64_t before_minor[kPostingLinesMax] = {};
  for (size_t j = 0; j < ledger.size(); ++j) {
    const LedgerBalance& entry = ledger[j];
    for (size_t c = 0; c < currencies; ++c) {
      if (totals[c].currency != entry.currency) continue;
      totals[c].ledger += entry.balance_minor;
      if (IsBalanceAccount(entry.ledger_account)) totals[c].balance += entry.balance_minor;
      break;
    }
    const uint64_t key = LedgerKey(entry.currency, entry.ledger_account);
    for (size_t i = 0; i < size; ++i) {
      if (changes[i].key == key) {
        changes[i].index = static_cast<int32_t>(j);
        before_minor[i] = entry.balance_minor;
        break;
      }
    }
  }
  // Every balance the lines change must stay within int64...
  for (size_t i = 0; i < size; ++i) {
    Change& change = changes[i];
    const Int128 after = Int128{before_minor[i]} + net[i];
    if (!FitsInt64(after)) {
      return OutOfRange(std::string(LedgerAccountName(change.account)) + " balance in " +
                        change.currency.str() + " would overflow int64 minor units");
    }
    change.after_minor = static_cast<int64_t>(after);
    update->adds_ = update->adds_ || change.index < 0;
  }
  // ...and so must the account's balance in each currency they touch (in currency order).
  bool trial_balance_holds = true;
  for (size_t c = 0; c < currencies; ++c) {
    if (!FitsInt64(totals[c].balance)) {
      return OutOfRange("account balance in " + totals[c].currency.str() +
                        " would overflow int64 minor units");
    }
    // The lines sum to zero, so the currency's ledger sums to the same after as before.
    trial_balance_holds = trial_balance_holds && totals[c].ledger == 0;
  }
  update->size_ = size;
  update->trial_balance_holds_ = trial_balance_holds;
  return Status::Ok();
}

void LedgerUpdate::ApplyTo(std::vector<LedgerBalance>* ledger) const {
  if (size_ == 0) return;
  ARLEDGER_CHECK(ledger->size() == ledger_size_);
  // Debits equal credits in every currency the update changes (the others it leaves alone).
  ARLEDGER_CHECK(trial_balance_holds_);
  for (size_t i = 0; i < size_; ++i) {
    const Change& change = changes_[i];
    if (change.index >= 0) {
      (*ledger)[static_cast<size_t>(change.index)].balance_minor = change.after_minor;
    }
  }
  if (!adds_) return;
  // New entries go where they keep the ledger sorted by (currency, account), after the
  // existing ones are written (their planned indices count only the entries before).
  for (size_t i = 0; i < size_; ++i) {
    const Change& change = changes_[i];
    if (change.index >= 0) continue;
    const auto at = std::lower_bound(ledger->begin(), ledger->end(), change.key,
                                     [](const LedgerBalance& entry, uint64_t key) {
                                       return LedgerKey(entry.currency, entry.ledger_account) < key;
                                     });
    ledger->insert(at, {change.account, change.currency, change.after_minor});
  }
}

Status CheckPostingsFit(const AccountState& state, const Postings& postings) {
  LedgerUpdate unused;
  return LedgerUpdate::Plan(state.ledger, postings, &unused);
}

void ApplyPostings(const Postings& postings, AccountState* state) {
  LedgerUpdate update;
  ARLEDGER_CHECK(LedgerUpdate::Plan(state->ledger, postings, &update).ok());
  update.ApplyTo(&state->ledger);
}

bool LedgerInOrder(const std::vector<LedgerBalance>& ledger) {
  for (size_t i = 1; i < ledger.size(); ++i) {
    if (LedgerKey(ledger[i - 1].currency, ledger[i - 1].ledger_account) >=
        LedgerKey(ledger[i].currency, ledger[i].ledger_account)) {
      return false;
    }
  }
  return true;
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
