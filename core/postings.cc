// Double-entry postings: building balanced lines, checking their bounds, keeping the ledger.
#include "core/postings.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace arledger {
namespace {

using Int128 = __int128;
constexpr Int128 kInt64Max = std::numeric_limits<int64_t>::max();
constexpr Int128 kInt64Min = std::numeric_limits<int64_t>::min();

bool FitsInt64(Int128 value) { return value >= kInt64Min && value <= kInt64Max; }

using LedgerKey = std::pair<std::string, v1::LedgerAccount>;  // (currency, account)

std::map<LedgerKey, Int128> NetByAccount(const std::vector<v1::JournalLine>& postings) {
  std::map<LedgerKey, Int128> net;
  for (const v1::JournalLine& line : postings) {
    net[{line.currency(), line.ledger_account()}] += line.amount_minor();
  }
  return net;
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

void PostPair(std::vector<v1::JournalLine>* postings, v1::LedgerAccount debit,
              v1::LedgerAccount credit, std::string_view currency, int64_t amount_minor) {
  ARLEDGER_CHECK(amount_minor >= 0);
  if (amount_minor == 0) return;
  v1::JournalLine line;
  line.set_currency(std::string(currency));
  line.set_ledger_account(debit);
  line.set_amount_minor(amount_minor);
  postings->push_back(line);
  line.set_ledger_account(credit);
  line.set_amount_minor(-amount_minor);  // amount_minor > 0, so the negation cannot overflow.
  postings->push_back(line);
}

bool PostingsBalance(const std::vector<v1::JournalLine>& postings) {
  std::map<std::string, Int128> by_currency;
  for (const v1::JournalLine& line : postings) by_currency[line.currency()] += line.amount_minor();
  return std::all_of(by_currency.begin(), by_currency.end(),
                     [](const auto& entry) { return entry.second == 0; });
}

Status CheckPostingsFit(const v1::AccountState& state,
                        const std::vector<v1::JournalLine>& postings) {
  std::map<std::string, Int128> balance_by_currency;  // Only currencies this posting touches.
  for (const auto& [key, delta] : NetByAccount(postings)) {
    const auto& [currency, account] = key;
    const Int128 after = Int128{LedgerBalanceOf(state.ledger(), account, currency)} + delta;
    if (!FitsInt64(after)) {
      return OutOfRange(std::string(LedgerAccountName(account)) + " balance in " + currency +
                        " would overflow int64 minor units");
    }
    Int128& balance = balance_by_currency[currency];
    if (IsBalanceAccount(account)) balance += delta;
  }
  for (auto& [currency, balance] : balance_by_currency) {
    for (v1::LedgerAccount account : kBalanceAccounts) {
      balance += LedgerBalanceOf(state.ledger(), account, currency);
    }
    if (!FitsInt64(balance)) {
      return OutOfRange("account balance in " + currency + " would overflow int64 minor units");
    }
  }
  return Status::Ok();
}

void ApplyPostings(const std::vector<v1::JournalLine>& postings, v1::AccountState* state) {
  ARLEDGER_CHECK(PostingsBalance(postings));
  auto* ledger = state->mutable_ledger();
  for (const auto& [key, delta] : NetByAccount(postings)) {
    const auto& [currency, account] = key;
    v1::LedgerBalance* target = nullptr;
    for (v1::LedgerBalance& balance : *ledger) {
      if (balance.currency() == currency && balance.ledger_account() == account) target = &balance;
    }
    if (target == nullptr) {
      target = ledger->Add();
      target->set_currency(currency);
      target->set_ledger_account(account);
    }
    const Int128 after = Int128{target->balance_minor()} + delta;
    ARLEDGER_CHECK(FitsInt64(after));
    target->set_balance_minor(static_cast<int64_t>(after));
  }
  std::sort(ledger->begin(), ledger->end(),
            [](const v1::LedgerBalance& a, const v1::LedgerBalance& b) {
              return std::make_tuple(a.currency(), static_cast<int>(a.ledger_account())) <
                     std::make_tuple(b.currency(), static_cast<int>(b.ledger_account()));
            });
}

bool LedgerBalancesToZero(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger) {
  std::map<std::string, Int128> by_currency;
  for (const v1::LedgerBalance& balance : ledger) {
    by_currency[balance.currency()] += balance.balance_minor();
  }
  return std::all_of(by_currency.begin(), by_currency.end(),
                     [](const auto& entry) { return entry.second == 0; });
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
