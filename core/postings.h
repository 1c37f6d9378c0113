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

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "arledger/v1/state.pb.h"
#include "core/status.h"

namespace arledger {

// One journal line: a debit (positive) or a credit (negative) of minor units on a ledger
// account, in one ISO-4217 currency. A plain value that allocates nothing: every money event
// builds a handful, so they must cost no more than the integers they hold.
class Posting {
 public:
  Posting(v1::LedgerAccount account, std::string_view currency, int64_t amount_minor);

  v1::LedgerAccount ledger_account() const { return account_; }
  std::string_view currency() const { return {currency_.data(), currency_.size()}; }
  int64_t amount_minor() const { return amount_minor_; }

 private:
  v1::LedgerAccount account_;
  std::array<char, 3> currency_;  // Validated codes are three letters.
  int64_t amount_minor_;
};

using Postings = std::vector<Posting>;

// Appends a debit and the matching credit of `amount_minor` (> 0; nothing when zero).
void PostPair(Postings* postings, v1::LedgerAccount debit,
              v1::LedgerAccount credit, std::string_view currency, int64_t amount_minor);

// True when the lines sum to zero in every currency (summed without overflow).
bool PostingsBalance(const Postings& postings);

// OK when adding `postings` to the account's ledger keeps every ledger balance within int64,
// and keeps the account's balance (receivables - unallocated cash - account credit) within
// int64 in every currency; otherwise kOutOfRange naming the currency. Never mutates.
Status CheckPostingsFit(const v1::AccountState& state,
                        const Postings& postings);

// Adds `postings` to the account's ledger, kept sorted by (currency, ledger account).
// Aborts if they are unbalanced or overflow: callers check first with CheckPostingsFit.
void ApplyPostings(const Postings& postings, v1::AccountState* state);

// True when the balances sum to zero in every currency: the trial balance.
bool LedgerBalancesToZero(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger);

// Aborts (ARLEDGER_CHECK, on in release) unless the trial balance is zero in every currency.
void CheckTrialBalance(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger);

// The balance of one ledger account in one currency (0 if never posted).
int64_t LedgerBalanceOf(const google::protobuf::RepeatedPtrField<v1::LedgerBalance>& ledger,
                        v1::LedgerAccount account, std::string_view currency);

std::string_view LedgerAccountName(v1::LedgerAccount account);

}  // namespace arledger
