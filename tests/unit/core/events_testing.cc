// Builders of valid events and the one-account harness used by core's tests.
#include "tests/unit/core/events_testing.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "core/state_access.h"
#include "core/state_proto.h"

namespace arledger::testing {
namespace {

int64_t next_event_number = 0;  // Test-only: unique event ids within one test binary.

}  // namespace

v1::Money MoneyOf(int64_t amount_minor, const std::string& currency) {
  v1::Money money;
  money.set_amount_minor(amount_minor);
  money.set_currency(currency);
  return money;
}

v1::Allocation AllocationOf(const std::string& invoice_id, int64_t amount_minor,
                            const std::string& currency) {
  v1::Allocation allocation;
  allocation.set_invoice_id(invoice_id);
  *allocation.mutable_amount() = MoneyOf(amount_minor, currency);
  return allocation;
}

v1::Principal PrincipalOf(const std::string& principal_id, const std::string& role) {
  v1::Principal principal;
  principal.set_principal_id(principal_id);
  principal.set_role(role);
  return principal;
}

v1::EventEnvelope Envelope(const std::string& date) {
  v1::EventEnvelope event;
  event.set_event_id("evt-" + std::to_string(++next_event_number));
  event.set_account_id(kAccountId);
  Result<Date> parsed = Date::Parse(date);
  EXPECT_TRUE(parsed.ok()) << date;
  event.mutable_occurred_at()->set_seconds(int64_t{parsed->days_since_epoch()} * 86400 + 43200);
  *event.mutable_recorded_by() = PrincipalOf("billing-1", "billing");
  event.set_source("test");
  return event;
}

v1::EventEnvelope AccountOpened(const std::string& date) {
  v1::EventEnvelope event = Envelope(date);
  v1::AccountOpened* body = event.mutable_account_opened();
  body->set_name("Acme Ltd");
  body->set_collector_id("col-1");
  body->set_portfolio("sme");
  return event;
}

v1::EventEnvelope InvoiceIssued(const std::string& date, const std::string& invoice_id,
                                int64_t amount_minor, const std::string& due_date,
                                const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::InvoiceIssued* body = event.mutable_invoice_issued();
  body->set_invoice_id(invoice_id);
  body->set_issue_date(date);
  body->set_due_date(due_date);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  return event;
}

v1::EventEnvelope PaymentReceived(const std::string& date, const std::string& payment_id,
                                  int64_t amount_minor,
                                  const std::vector<v1::Allocation>& remittance,
                                  const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::PaymentReceived* body = event.mutable_payment_received();
  body->set_payment_id(payment_id);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_method(v1::PAYMENT_METHOD_BANK_TRANSFER);
  for (const v1::Allocation& allocation : remittance) *body->add_allocations() = allocation;
  return event;
}

v1::EventEnvelope PaymentAllocated(const std::string& date, const std::string& payment_id,
                                   const std::vector<v1::Allocation>& allocations) {
  v1::EventEnvelope event = Envelope(date);
  v1::PaymentAllocated* body = event.mutable_payment_allocated();
  body->set_payment_id(payment_id);
  for (const v1::Allocation& allocation : allocations) *body->add_allocations() = allocation;
  return event;
}

v1::EventEnvelope PaymentReversed(const std::string& date, const std::string& payment_id) {
  v1::EventEnvelope event = Envelope(date);
  event.mutable_payment_reversed()->set_payment_id(payment_id);
  event.mutable_payment_reversed()->set_reason(v1::REVERSAL_REASON_DIRECT_DEBIT_BOUNCED);
  return event;
}

v1::EventEnvelope PaymentRefunded(const std::string& date, const std::string& refund_id,
                                  int64_t amount_minor, v1::RefundSource source,
                                  const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::PaymentRefunded* body = event.mutable_payment_refunded();
  body->set_refund_id(refund_id);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_source(source);
  return event;
}

v1::EventEnvelope CreditNoteIssued(const std::string& date, const std::string& credit_note_id,
                                   int64_t amount_minor, const std::string& invoice_id,
                                   const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::CreditNoteIssued* body = event.mutable_credit_note_issued();
  body->set_credit_note_id(credit_note_id);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_invoice_id(invoice_id);
  return event;
}

v1::EventEnvelope InvoiceAmended(const std::string& date, const std::string& invoice_id,
                                 int64_t amount_minor, const std::string& due_date,
                                 const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::InvoiceAmended* body = event.mutable_invoice_amended();
  body->set_invoice_id(invoice_id);
  if (amount_minor > 0) *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_due_date(due_date);
  return event;
}

v1::EventEnvelope InvoiceCancelled(const std::string& date, const std::string& invoice_id) {
  v1::EventEnvelope event = Envelope(date);
  event.mutable_invoice_cancelled()->set_invoice_id(invoice_id);
  return event;
}

v1::EventEnvelope WriteOffRequested(const std::string& date, const std::string& write_off_id,
                                    int64_t amount_minor, const std::string& invoice_id,
                                    const v1::Principal& requester, const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  *event.mutable_recorded_by() = requester;
  v1::WriteOffRequested* body = event.mutable_write_off_requested();
  body->set_write_off_id(write_off_id);
  body->set_invoice_id(invoice_id);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_reason("uneconomic to pursue");
  return event;
}

v1::EventEnvelope WriteOffApproved(const std::string& date, const std::string& write_off_id,
                                   const v1::Principal& approver) {
  v1::EventEnvelope event = Envelope(date);
  *event.mutable_recorded_by() = approver;
  event.mutable_write_off_approved()->set_write_off_id(write_off_id);
  return event;
}

v1::EventEnvelope WriteOffRejected(const std::string& date, const std::string& write_off_id,
                                   const v1::Principal& approver, const std::string& reason) {
  v1::EventEnvelope event = Envelope(date);
  *event.mutable_recorded_by() = approver;
  event.mutable_write_off_rejected()->set_write_off_id(write_off_id);
  event.mutable_write_off_rejected()->set_reason(reason);
  return event;
}

v1::EventEnvelope PromiseMade(const std::string& date, const std::string& promise_id,
                              int64_t amount_minor, const std::string& promise_date,
                              const std::string& currency) {
  v1::EventEnvelope event = Envelope(date);
  v1::PromiseMade* body = event.mutable_promise_made();
  body->set_promise_id(promise_id);
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_promise_date(promise_date);
  return event;
}

v1::EventEnvelope DisputeRaised(const std::string& date, const std::string& dispute_id,
                                const std::string& invoice_id, int64_t amount_minor) {
  v1::EventEnvelope event = Envelope(date);
  v1::DisputeRaised* body = event.mutable_dispute_raised();
  body->set_dispute_id(dispute_id);
  body->set_invoice_id(invoice_id);
  body->set_reason_code("goods-not-received");
  if (amount_minor > 0) *body->mutable_amount() = MoneyOf(amount_minor);
  return event;
}

v1::EventEnvelope DisputeResolved(const std::string& date, const std::string& dispute_id,
                                  v1::DisputeResolution resolution) {
  v1::EventEnvelope event = Envelope(date);
  event.mutable_dispute_resolved()->set_dispute_id(dispute_id);
  event.mutable_dispute_resolved()->set_resolution(resolution);
  return event;
}

v1::AuthorityPolicySet StandardPolicy() {
  v1::AuthorityPolicySet policy;
  policy.set_policy_id("standard");
  auto add = [&policy](const std::string& role, int64_t limit_minor, bool may_approve) {
    v1::AuthorityRule* rule = policy.add_rules();
    rule->set_role(role);
    *rule->mutable_write_off_limit() = MoneyOf(limit_minor);
    rule->set_may_approve(may_approve);
  };
  add("collector", 10'000, false);
  add("team_leader", 100'000, true);
  add("finance", 10'000'000, true);
  return policy;
}

ApplyResult AccountHarness::Apply(const v1::EventEnvelope& event) {
  const Status valid = ValidateEnvelope(event);
  EXPECT_TRUE(valid.ok()) << valid.ToString();
  const ApplyResult result = ApplyToAccount(event, policy, &native);
  ToProto(native, &state);
  return result;
}

AccountState NativeOf(const v1::AccountState& state) {
  AccountState native;
  const Status converted = FromProto(state, &native);
  EXPECT_TRUE(converted.ok()) << converted.ToString();
  return native;
}

void AccountHarness::MustApply(const v1::EventEnvelope& event) {
  const ApplyResult result = Apply(event);
  EXPECT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
}

v1::AccountView AccountHarness::View(const std::string& as_of) const {
  Result<Date> date = Date::Parse(as_of);
  EXPECT_TRUE(date.ok()) << as_of;
  return BuildAccountView(native, *date, AgingConfig{});
}

const v1::OpenItem& AccountHarness::Item(const std::string& invoice_id) const {
  for (const v1::OpenItem& item : state.items()) {
    if (item.invoice_id() == invoice_id) return item;
  }
  ADD_FAILURE() << "no item " << invoice_id;
  return v1::OpenItem::default_instance();
}

int64_t AccountHarness::Unallocated(const std::string& currency) const {
  return PoolAmount(state, Pool::kUnallocatedCash, currency);
}

int64_t AccountHarness::Credit(const std::string& currency) const {
  return PoolAmount(state, Pool::kAccountCredit, currency);
}

int64_t PoolAmount(const v1::AccountState& state, Pool pool, const std::string& currency) {
  const auto& entries =
      pool == Pool::kUnallocatedCash ? state.unallocated_cash() : state.account_credit();
  for (const v1::CurrencyAmount& entry : entries) {
    if (entry.currency() == currency) return entry.amount_minor();
  }
  return 0;
}

int64_t AccountHarness::BalanceOn(const std::string& as_of, const std::string& currency) const {
  const v1::AccountView view = View(as_of);
  for (const v1::AccountBalance& balance : view.balances()) {
    if (balance.currency() == currency) return balance.balance_minor();
  }
  return 0;
}

}  // namespace arledger::testing
