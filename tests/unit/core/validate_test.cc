// Proves ValidateEnvelope refuses every stateless defect with a reason naming the field, for
// every body type in the catalogue, and accepts the valid builders' events.
#include <gtest/gtest.h>

#include <functional>

#include "core/fold.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

// Expects `event` to be invalid with a reason containing `field`.
void ExpectInvalid(const v1::EventEnvelope& event, const std::string& field) {
  const Status status = ValidateEnvelope(event);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << field;
  EXPECT_NE(status.message().find(field), std::string::npos) << status.message();
}

TEST(ValidateTest, AcceptsTheBuildersEvents) {
  // Proves the builders the other tests rely on produce valid events.
  for (const v1::EventEnvelope& event :
       {AccountOpened("2026-01-01"), InvoiceIssued("2026-01-01", "inv-1", 100, "2026-01-31"),
        PaymentReceived("2026-01-02", "pay-1", 50, {AllocationOf("inv-1", 50)}),
        CreditNoteIssued("2026-01-02", "cn-1", 10, ""),
        PromiseMade("2026-01-02", "pr-1", 10, "2026-01-10"),
        DisputeRaised("2026-01-02", "d-1", "inv-1", 0)}) {
    EXPECT_TRUE(ValidateEnvelope(event).ok()) << ValidateEnvelope(event).ToString();
  }
}

TEST(ValidateTest, RequiresEnvelopeIdsDateAndBody) {
  // Proves the envelope's own fields are required and a body-less, field-less event is invalid.
  v1::EventEnvelope event = AccountOpened("2026-01-01");
  event.clear_event_id();
  ExpectInvalid(event, "event_id");
  event = AccountOpened("2026-01-01");
  event.clear_account_id();
  ExpectInvalid(event, "account_id");
  event = AccountOpened("2026-01-01");
  event.clear_occurred_at();
  ExpectInvalid(event, "occurred_at");
  event = AccountOpened("2026-01-01");
  event.mutable_occurred_at()->set_seconds(int64_t{1} << 50);
  ExpectInvalid(event, "occurred_at");
  event = Envelope("2026-01-01");
  ExpectInvalid(event, "body");
  EXPECT_FALSE(IsUnknownEventType(event));
}

TEST(ValidateTest, BodyOfAnUnknownTypeIsUnknownNotInvalid) {
  // Proves an envelope carrying an unknown field number in place of a body is classed unknown.
  v1::EventEnvelope event = Envelope("2026-01-01");
  std::string bytes = event.SerializeAsString();
  bytes += std::string("\xaa\x06\x02\x08\x01", 5);  // Field 101, length 2: a future body.
  v1::EventEnvelope decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_TRUE(IsUnknownEventType(decoded));
  EXPECT_FALSE(IsUnknownEventType(AccountOpened("2026-01-01")));
}

TEST(ValidateTest, MoneyMustBePositiveAndIso) {
  // Proves amounts are checked for sign and currency, naming body and field.
  v1::EventEnvelope event = PaymentReceived("2026-01-02", "pay-1", 0);
  ExpectInvalid(event, "payment_received.amount: must be positive");
  event = PaymentReceived("2026-01-02", "pay-1", -5);
  ExpectInvalid(event, "payment_received.amount");
  event = PaymentReceived("2026-01-02", "pay-1", 5, {}, "XYZ");
  ExpectInvalid(event, "payment_received.amount");
  event = InvoiceIssued("2026-01-01", "inv-1", 0, "2026-01-31");
  ExpectInvalid(event, "invoice_issued.amount");
  event = CreditNoteIssued("2026-01-01", "cn-1", -1, "");
  ExpectInvalid(event, "credit_note_issued.amount");
}

TEST(ValidateTest, OneCurrencyPerEvent) {
  // Proves mixing currencies inside one event is invalid (remittance in EUR on a GBP payment).
  ExpectInvalid(PaymentReceived("2026-01-02", "pay-1", 100, {AllocationOf("inv-1", 50, "EUR")}),
                "currency EUR differs from GBP");
  v1::EventEnvelope invoice = InvoiceIssued("2026-01-01", "inv-1", 100, "2026-01-31");
  v1::InvoiceLine* line = invoice.mutable_invoice_issued()->add_lines();
  *line->mutable_amount() = MoneyOf(100, "USD");
  ExpectInvalid(invoice, "invoice_issued.lines[0].amount");
}

TEST(ValidateTest, DatesWellFormedAndInOrder) {
  // Proves dates are parsed strictly and a due date before the issue date is invalid.
  ExpectInvalid(InvoiceIssued("2026-01-10", "inv-1", 100, "2026-01-09"), "invoice_issued.due_date");
  v1::EventEnvelope event = InvoiceIssued("2026-01-10", "inv-1", 100, "2026-01-31");
  event.mutable_invoice_issued()->set_issue_date("2026-02-30");
  ExpectInvalid(event, "invoice_issued.issue_date");
  ExpectInvalid(PromiseMade("2026-01-01", "pr-1", 10, "soon"), "promise_made.promise_date");
  v1::EventEnvelope plan = Envelope("2026-01-01");
  plan.mutable_payment_plan_agreed()->set_plan_id("plan-1");
  v1::Instalment* first = plan.mutable_payment_plan_agreed()->add_instalments();
  first->set_due_date("2026-02-01");
  *first->mutable_amount() = MoneyOf(10);
  v1::Instalment* second = plan.mutable_payment_plan_agreed()->add_instalments();
  second->set_due_date("2026-01-15");
  *second->mutable_amount() = MoneyOf(10);
  ExpectInvalid(plan, "payment_plan_agreed.instalments[1].due_date");
}

TEST(ValidateTest, AllocationsWithinThePayment) {
  // Proves remittance may not exceed the payment nor name an invoice twice.
  ExpectInvalid(PaymentReceived("2026-01-02", "pay-1", 100, {AllocationOf("inv-1", 101)}),
                "exceeds the payment's amount");
  ExpectInvalid(PaymentReceived("2026-01-02", "pay-1", 100,
                                {AllocationOf("inv-1", 10), AllocationOf("inv-1", 10)}),
                "allocated twice");
  const int64_t max = std::numeric_limits<int64_t>::max();
  ExpectInvalid(PaymentReceived("2026-01-02", "pay-1", max,
                                {AllocationOf("inv-1", max), AllocationOf("inv-2", max)}),
                "overflows");
}

// Each body type, emptied of its required id (and other required fields), must be refused
// with a reason naming the body.
TEST(ValidateTest, EveryBodyTypeChecksItsRequiredFields) {
  // Proves every body in the oneof has its required ids checked.
  const std::vector<std::pair<std::function<void(v1::EventEnvelope*)>, std::string>> cases = {
      {[](v1::EventEnvelope* e) { e->mutable_note_added(); }, "note_added.note_id"},
      {[](v1::EventEnvelope* e) { e->mutable_task_set(); }, "task_set.task_id"},
      {[](v1::EventEnvelope* e) { e->mutable_invoice_issued(); }, "invoice_issued.invoice_id"},
      {[](v1::EventEnvelope* e) { e->mutable_invoice_amended()->set_invoice_id("i"); },
       "invoice_amended"},
      {[](v1::EventEnvelope* e) { e->mutable_invoice_cancelled(); },
       "invoice_cancelled.invoice_id"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_received(); },
       "payment_received.payment_id"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_allocated()->set_payment_id("p"); },
       "payment_allocated.allocations"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_reversed(); },
       "payment_reversed.payment_id"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_refunded(); },
       "payment_refunded.refund_id"},
      {[](v1::EventEnvelope* e) { e->mutable_credit_note_issued(); },
       "credit_note_issued.credit_note_id"},
      {[](v1::EventEnvelope* e) { e->mutable_promise_made(); }, "promise_made.promise_id"},
      {[](v1::EventEnvelope* e) { e->mutable_promise_cancelled(); },
       "promise_cancelled.promise_id"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_plan_agreed(); },
       "payment_plan_agreed.plan_id"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_plan_modified()->set_plan_id("p"); },
       "payment_plan_modified.instalments"},
      {[](v1::EventEnvelope* e) { e->mutable_payment_plan_cancelled(); },
       "payment_plan_cancelled.plan_id"},
      {[](v1::EventEnvelope* e) { e->mutable_dispute_raised()->set_dispute_id("d"); },
       "dispute_raised.invoice_id"},
      {[](v1::EventEnvelope* e) { e->mutable_dispute_resolved()->set_dispute_id("d"); },
       "dispute_resolved.resolution"},
      {[](v1::EventEnvelope* e) { e->mutable_write_off_requested()->set_write_off_id("w"); },
       "write_off_requested.amount"},
      {[](v1::EventEnvelope* e) { e->mutable_write_off_approved(); },
       "write_off_approved.write_off_id"},
      {[](v1::EventEnvelope* e) { e->mutable_write_off_rejected(); },
       "write_off_rejected.write_off_id"},
      {[](v1::EventEnvelope* e) { e->mutable_referral_made()->set_referral_id("r"); },
       "referral_made.type"},
      {[](v1::EventEnvelope* e) { e->mutable_referral_closed(); },
       "referral_closed.referral_id"},
      {[](v1::EventEnvelope* e) { e->mutable_authority_policy_set(); },
       "authority_policy_set.policy_id"},
      {[](v1::EventEnvelope* e) {
         e->mutable_account_updated()->set_status(v1::ACCOUNT_STATUS_UNSPECIFIED);
       },
       "account_updated.status"},
      {[](v1::EventEnvelope* e) {
         *e->mutable_account_opened()->mutable_credit_limit() = MoneyOf(-1);
       },
       "account_opened.credit_limit"},
  };
  for (const auto& [fill, field] : cases) {
    v1::EventEnvelope event = Envelope("2026-01-01");
    fill(&event);
    ExpectInvalid(event, field);
  }
}

TEST(ValidateTest, PolicyRulesMaySpanCurrenciesButNotRepeat) {
  // Proves the authority matrix may hold one limit per (role, currency) and no more.
  v1::EventEnvelope event = Envelope("2026-01-01");
  *event.mutable_authority_policy_set() = StandardPolicy();
  v1::AuthorityRule* euro = event.mutable_authority_policy_set()->add_rules();
  euro->set_role("collector");
  *euro->mutable_write_off_limit() = MoneyOf(500, "EUR");
  EXPECT_TRUE(ValidateEnvelope(event).ok()) << ValidateEnvelope(event).ToString();
  *event.mutable_authority_policy_set()->add_rules() = *euro;
  ExpectInvalid(event, "a second rule for role 'collector' in EUR");
}

TEST(ValidateTest, DisputeCreditOnlyWhenUpheld) {
  // Proves a rejected dispute cannot carry a credit amount.
  v1::EventEnvelope event = DisputeResolved("2026-01-05", "d-1", v1::DISPUTE_RESOLUTION_REJECTED);
  *event.mutable_dispute_resolved()->mutable_credit_amount() = MoneyOf(10);
  ExpectInvalid(event, "dispute_resolved.credit_amount");
}

}  // namespace
}  // namespace arledger
