// Double-entry postings: every money event posts balanced journal lines per currency.
//
// Lines are debit-positive, credit-negative; the lines of one event sum to zero per currency,
// and so does each account's running ledger (AccountState.ledger) and the trial balance over
// all accounts. What each event posts (D = debit, C = credit; amounts in the event's currency):
//
//   event                      | posting
//   ---------------------------+---------------------------------------------------------------
//   invoice issued             | D receivables      C revenue            (gross amount)
//     + auto-consumption       | D unallocated cash C receivables        (cash already held)
//                              | D account credit   C receivables        (credit already held)
//   invoice amended up         | D receivables      C revenue            (increase)
//   invoice amended down /     | D revenue          C receivables        (open part removed)
//     cancelled                | D revenue          C bad debt           (write-off unwound)
//                              | D revenue          C account credit     (settled beyond amount)
//   payment received           | D cash             C receivables        (allocated part)
//                              | D cash             C unallocated cash   (remainder)
//   payment allocated          | D unallocated cash C receivables
//   payment reversed           | D receivables      C cash               (items reopened, and a
//                              |                                          reinstated debt item)
//                              | D unallocated cash C cash               (its unallocated part)
//                              | D account credit   C cash               (what had moved to credit)
//   payment refunded           | D unallocated cash or account credit, C refunds
//   credit note / dispute      | D credit notes     C receivables        (applied to the invoice)
//     upheld                   | D credit notes     C account credit     (excess, or no invoice)
//   write-off applied          | D bad debt         C receivables
//   everything else            | nothing
//
// The refunds account is the cash paid back out, kept apart from cash so that "cash
// collected" stays the cash that came in net of reversals.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/money.h"
#include "core/status.h"

namespace arledger {

// One journal line: a debit (positive) or a credit (negative) of minor units on a ledger
// account, in one ISO-4217 currency. A plain value that allocates nothing: every money event
// builds a handful, so they must cost no more than the integers they hold.
class Posting {
 public:
  Posting() = default;
  Posting(v1::LedgerAccount account, Currency currency, int64_t amount_minor)
      : account_(account), currency_(currency), amount_minor_(amount_minor) {}

  v1::LedgerAccount ledger_account() const { return account_; }
  Currency currency() const { return currency_; }
  int64_t amount_minor() const { return amount_minor_; }
  friend bool operator==(const Posting&, const Posting&) = default;

 private:
  v1::LedgerAccount account_ = v1::LEDGER_ACCOUNT_UNSPECIFIED;
  Currency currency_;
  int64_t amount_minor_ = 0;
};

// The most lines one event posts (an amendment down: its own pair and three of release).
inline constexpr size_t kPostingLinesMax = 8;

// The journal lines of one event, held inline: building them allocates nothing, and neither
// making nor copying a set touches more lines than it holds (the fold makes several an event).
class Postings {
 public:
  Postings() {}  // NOLINT(modernize-use-equals-default): leaves the unused lines unset.
  Postings(const Postings& other) : size_(other.size_) {
    std::copy_n(other.lines_.line, size_, lines_.line);
  }
  Postings& operator=(const Postings& other) {
    size_ = other.size_;
    std::copy_n(other.lines_.line, size_, lines_.line);
    return *this;
  }

  // Aborts beyond kPostingLinesMax lines: no event posts more, so more is a bug.
  void push_back(const Posting& line) {
    ARLEDGER_CHECK(size_ < kPostingLinesMax);
    lines_.line[size_++] = line;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  const Posting& operator[](size_t i) const { return lines_.line[i]; }
  const Posting* begin() const { return lines_.line; }
  const Posting* end() const { return lines_.line + size_; }

 private:
  union Lines {
    Lines() {}  // NOLINT(modernize-use-equals-default): only the first size_ are ever read.
    Posting line[kPostingLinesMax];
  };
  Lines lines_;
  size_t size_ = 0;
};

// Appends a debit and the matching credit of `amount_minor` (> 0; nothing when zero).
void PostPair(Postings* postings, v1::LedgerAccount debit, v1::LedgerAccount credit,
              Currency currency, int64_t amount_minor);

// True when the lines sum to zero in every currency (summed without overflow).
bool PostingsBalance(const Postings& postings);

// Balanced postings checked against one account's ledger: each (currency, ledger account) they
// change, with where it sits in the ledger and the balance it will hold. The fold plans once,
// when a handler stages its postings, and applies the plan after the handler's other changes
// without searching the ledger or checking the bounds again. Inline: allocates nothing.
class LedgerUpdate {
 public:
  // Empty. User-provided so that value-initializing one (as FoldContext{...} does on every
  // event) does not zero its changes first: only the first size_ are ever read.
  LedgerUpdate() {}  // NOLINT(modernize-use-equals-default)

  // OK when adding `postings` (balanced: aborts otherwise) to `ledger` keeps every ledger
  // balance within int64, and keeps the account's balance (receivables - unallocated cash -
  // account credit) within int64 in every currency; `*update` then holds the new balances.
  // Otherwise kOutOfRange naming the currency, and `*update` is empty. Never mutates `ledger`.
  static Status Plan(const std::vector<LedgerBalance>& ledger, const Postings& postings,
                     LedgerUpdate* update);

  // Writes the planned balances into the ledger it was planned against (aborts if that ledger
  // has changed size since), kept sorted by (currency, ledger account). Empty: nothing.
  // Aborts unless debits equal credits, before and so after, in each currency it changes:
  // the trial balance checked on every event where it can change, at the cost of one pass.
  void ApplyTo(std::vector<LedgerBalance>* ledger) const;

  bool empty() const { return size_ == 0; }

 private:
  struct Change {
    uint64_t key;  // Currency then account: the ledger's order.
    Currency currency;
    v1::LedgerAccount account;
    int64_t after_minor;
    int32_t index;  // In the ledger; -1 for an entry the update adds.
  };
  // Nets the lines per (currency, account) into changes[0, n) (in that order) and net[0, n),
  // their sums in 128 bits; returns n.
  static size_t NetLines(const Postings& postings, Change* changes, __int128* net);

  std::array<Change, kPostingLinesMax> changes_;
  size_t size_ = 0;
  size_t ledger_size_ = 0;  // Of the ledger planned against.
  bool adds_ = false;
  bool trial_balance_holds_ = false;  // In the currencies changed, before (so after) them.
};

// OK when adding `postings` to the account's ledger fits (LedgerUpdate::Plan); otherwise
// kOutOfRange naming the currency. Never mutates.
Status CheckPostingsFit(const AccountState& state, const Postings& postings);

// Adds `postings` to the account's ledger, kept sorted by (currency, ledger account).
// Aborts if they are unbalanced or overflow: callers check first with CheckPostingsFit.
void ApplyPostings(const Postings& postings, AccountState* state);

// True when the entries are in strictly increasing (currency, ledger account) order: the order
// the fold keeps an account's ledger in, each pair once (LedgerUpdate inserts new entries in
// place, so a ledger read from elsewhere must be in it).
bool LedgerInOrder(const std::vector<LedgerBalance>& ledger);

// True when the balances sum to zero in every currency: the trial balance (of one account, or
// of the whole ledger as the projection meta keeps it).
bool LedgerBalancesToZero(const std::vector<LedgerBalance>& ledger);
bool LedgerBalancesToZero(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger);

// Aborts (ARLEDGER_CHECK, on in release) unless the whole ledger's trial balance (the projection
// meta's) is zero in every currency. One account's is checked as it changes (LedgerUpdate).
void CheckTrialBalance(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger);

// The balance of one ledger account in one currency (0 if never posted).
int64_t LedgerBalanceOf(const std::vector<LedgerBalance>& ledger, v1::LedgerAccount account,
                        Currency currency);
int64_t LedgerBalanceOf(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger,
                        v1::LedgerAccount account, std::string_view currency);

std::string_view LedgerAccountName(v1::LedgerAccount account);

}  // namespace arledger
