// Terse builders of valid events and a one-account harness, for core's tests.
//
// Every builder returns an envelope that passes ValidateEnvelope; tests change one field to
// make it invalid. Dates are "YYYY-MM-DD" business dates (occurred_at is noon UTC that day).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_view.h"
#include "core/fold.h"
#include "core/state_access.h"

namespace arledger::testing {

inline constexpr char kAccountId[] = "acc-1";

v1::Money MoneyOf(int64_t amount_minor, const std::string& currency = "GBP");
v1::Allocation AllocationOf(const std::string& invoice_id, int64_t amount_minor,
                            const std::string& currency = "GBP");
v1::Principal PrincipalOf(const std::string& principal_id, const std::string& role);

// An envelope with ids, business date and recorder set, and no body.
v1::EventEnvelope Envelope(const std::string& date);

v1::EventEnvelope AccountOpened(const std::string& date);
v1::EventEnvelope InvoiceIssued(const std::string& date, const std::string& invoice_id,
                                int64_t amount_minor, const std::string& due_date,
                                const std::string& currency = "GBP");
v1::EventEnvelope PaymentReceived(const std::string& date, const std::string& payment_id,
                                  int64_t amount_minor,
                                  const std::vector<v1::Allocation>& remittance = {},
                                  const std::string& currency = "GBP");
v1::EventEnvelope PaymentAllocated(const std::string& date, const std::string& payment_id,
                                   const std::vector<v1::Allocation>& allocations);
v1::EventEnvelope PaymentReversed(const std::string& date, const std::string& payment_id);
v1::EventEnvelope PaymentRefunded(const std::string& date, const std::string& refund_id,
                                  int64_t amount_minor, v1::RefundSource source,
                                  const std::string& currency = "GBP");
v1::EventEnvelope CreditNoteIssued(const std::string& date, const std::string& credit_note_id,
                                   int64_t amount_minor, const std::string& invoice_id,
                                   const std::string& currency = "GBP");
v1::EventEnvelope InvoiceAmended(const std::string& date, const std::string& invoice_id,
                                 int64_t amount_minor, const std::string& due_date,
                                 const std::string& currency = "GBP");
v1::EventEnvelope InvoiceCancelled(const std::string& date, const std::string& invoice_id);
v1::EventEnvelope WriteOffRequested(const std::string& date, const std::string& write_off_id,
                                    int64_t amount_minor, const std::string& invoice_id,
                                    const v1::Principal& requester,
                                    const std::string& currency = "GBP");
v1::EventEnvelope WriteOffApproved(const std::string& date, const std::string& write_off_id,
                                   const v1::Principal& approver);
v1::EventEnvelope WriteOffRejected(const std::string& date, const std::string& write_off_id,
                                   const v1::Principal& approver, const std::string& reason);
v1::EventEnvelope PromiseMade(const std::string& date, const std::string& promise_id,
                              int64_t amount_minor, const std::string& promise_date,
                              const std::string& currency = "GBP");
v1::EventEnvelope DisputeRaised(const std::string& date, const std::string& dispute_id,
                                const std::string& invoice_id, int64_t amount_minor);
v1::EventEnvelope DisputeResolved(const std::string& date, const std::string& dispute_id,
                                  v1::DisputeResolution resolution);

// The native form of a state in its API form (a test failure if it does not convert).
AccountState NativeOf(const v1::AccountState& state);

// The pool in `currency` of a state in its API form.
int64_t PoolAmount(const v1::AccountState& state, Pool pool, const std::string& currency);

// The usual matrix: collectors may write off up to 100.00 GBP, team leaders up to 1,000.00 and
// approve; finance up to 100,000.00 and approve.
v1::AuthorityPolicySet StandardPolicy();

// One account, folded event by event; every event is validated first (a test that means to
// fold an invalid event calls ApplyToAccount itself).
class AccountHarness {
 public:
  // Folds `native` and refreshes `state`, its API form, which tests read.
  ApplyResult Apply(const v1::EventEnvelope& event);
  // Applies and expects OUTCOME_APPLIED, reporting the reason otherwise.
  void MustApply(const v1::EventEnvelope& event);

  v1::AccountView View(const std::string& as_of) const;
  const v1::OpenItem& Item(const std::string& invoice_id) const;
  int64_t Unallocated(const std::string& currency = "GBP") const;
  int64_t Credit(const std::string& currency = "GBP") const;
  // The account's balance in `currency` on `as_of` (0 when the view has no line for it).
  int64_t BalanceOn(const std::string& as_of, const std::string& currency = "GBP") const;

  AccountState native;
  v1::AccountState state;
  v1::AuthorityPolicySet policy = StandardPolicy();
};

}  // namespace arledger::testing
