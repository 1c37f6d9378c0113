// ValidateEnvelope: every check that needs no state, one function per body type.
//
// Reasons name the field ("payment_received.amount: must be positive") so that a dead letter
// or a 400 answer says exactly what to fix.
#include <set>
#include <string>
#include <utility>

#include "core/date.h"
#include "core/fold.h"
#include "core/money.h"

namespace arledger {
namespace {

enum class Sign { kPositive, kNonNegative };

// Checks the money fields of one event: each amount's sign and currency, and that all of
// them share one currency (amounts of different currencies never meet in one event).
class MoneyChecker {
 public:
  explicit MoneyChecker(std::string body) : body_(std::move(body)) {}

  Status Check(const v1::Money& money, const std::string& field, Sign sign) {
    const std::string name = body_ + "." + field;
    Result<Money> parsed = Money::FromProto(money);
    if (!parsed.ok()) return InvalidArgument(name + ": " + parsed.status().message());
    if (sign == Sign::kPositive && parsed->amount_minor() <= 0) {
      return InvalidArgument(name + ": must be positive");
    }
    if (sign == Sign::kNonNegative && parsed->amount_minor() < 0) {
      return InvalidArgument(name + ": must not be negative");
    }
    if (currency_.empty()) {
      currency_ = money.currency();
    } else if (currency_ != money.currency()) {
      return InvalidArgument(name + ": currency " + money.currency() + " differs from " +
                             currency_ + " elsewhere in the event");
    }
    return Status::Ok();
  }

  const std::string& body() const { return body_; }

 private:
  std::string body_;
  std::string currency_;
};

Status Required(const std::string& value, const std::string& name) {
  if (value.empty()) return InvalidArgument(name + ": is required");
  return Status::Ok();
}

Status WellFormedDate(const std::string& value, const std::string& name, bool required) {
  if (value.empty()) return required ? InvalidArgument(name + ": is required") : Status::Ok();
  Result<Date> date = Date::Parse(value);
  if (!date.ok()) return InvalidArgument(name + ": '" + value + "' is not a YYYY-MM-DD date");
  return Status::Ok();
}

Status CheckAllocations(const google::protobuf::RepeatedPtrField<v1::Allocation>& allocations,
                        MoneyChecker& money, int64_t* total_minor) {
  std::set<std::string> invoice_ids;
  *total_minor = 0;
  for (int i = 0; i < allocations.size(); ++i) {
    const std::string name = "allocations[" + std::to_string(i) + "]";
    ARLEDGER_RETURN_IF_ERROR(
        Required(allocations[i].invoice_id(), money.body() + "." + name + ".invoice_id"));
    if (!invoice_ids.insert(allocations[i].invoice_id()).second) {
      return InvalidArgument(money.body() + "." + name + ".invoice_id: '" +
                             allocations[i].invoice_id() + "' is allocated twice");
    }
    ARLEDGER_RETURN_IF_ERROR(
        money.Check(allocations[i].amount(), name + ".amount", Sign::kPositive));
    Result<int64_t> sum = CheckedAdd(*total_minor, allocations[i].amount().amount_minor());
    if (!sum.ok()) return InvalidArgument(money.body() + ".allocations: total overflows int64");
    *total_minor = *sum;
  }
  return Status::Ok();
}

Status CheckInstalments(const google::protobuf::RepeatedPtrField<v1::Instalment>& instalments,
                        MoneyChecker& money) {
  if (instalments.empty()) return InvalidArgument(money.body() + ".instalments: is required");
  std::string previous_due;
  for (int i = 0; i < instalments.size(); ++i) {
    const std::string name = "instalments[" + std::to_string(i) + "]";
    const std::string& due = instalments[i].due_date();
    ARLEDGER_RETURN_IF_ERROR(WellFormedDate(due, money.body() + "." + name + ".due_date", true));
    if (due < previous_due) {
      return InvalidArgument(money.body() + "." + name + ".due_date: " + due +
                             " is before the previous instalment's " + previous_due);
    }
    previous_due = due;
    ARLEDGER_RETURN_IF_ERROR(
        money.Check(instalments[i].amount(), name + ".amount", Sign::kPositive));
  }
  return Status::Ok();
}

Status ValidateAccountOpened(const v1::AccountOpened& body) {
  MoneyChecker money("account_opened");
  if (body.has_credit_limit()) {
    ARLEDGER_RETURN_IF_ERROR(money.Check(body.credit_limit(), "credit_limit", Sign::kNonNegative));
  }
  return Status::Ok();
}

Status ValidateAccountUpdated(const v1::AccountUpdated& body) {
  MoneyChecker money("account_updated");
  if (body.has_credit_limit()) {
    ARLEDGER_RETURN_IF_ERROR(money.Check(body.credit_limit(), "credit_limit", Sign::kNonNegative));
  }
  if (body.has_status() && (body.status() == v1::ACCOUNT_STATUS_UNSPECIFIED ||
                            !v1::AccountStatus_IsValid(body.status()))) {
    return InvalidArgument("account_updated.status: must be a known account status");
  }
  return Status::Ok();
}

Status ValidateTaskSet(const v1::TaskSet& body) {
  ARLEDGER_RETURN_IF_ERROR(Required(body.task_id(), "task_set.task_id"));
  return WellFormedDate(body.due_date(), "task_set.due_date", false);
}

Status ValidateInvoiceIssued(const v1::InvoiceIssued& body) {
  MoneyChecker money("invoice_issued");
  ARLEDGER_RETURN_IF_ERROR(Required(body.invoice_id(), "invoice_issued.invoice_id"));
  ARLEDGER_RETURN_IF_ERROR(WellFormedDate(body.issue_date(), "invoice_issued.issue_date", true));
  ARLEDGER_RETURN_IF_ERROR(WellFormedDate(body.due_date(), "invoice_issued.due_date", true));
  if (body.due_date() < body.issue_date()) {
    return InvalidArgument("invoice_issued.due_date: " + body.due_date() +
                           " is before issue_date " + body.issue_date());
  }
  ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  int64_t lines_total_minor = 0;
  for (int i = 0; i < body.lines_size(); ++i) {
    ARLEDGER_RETURN_IF_ERROR(money.Check(
        body.lines(i).amount(), "lines[" + std::to_string(i) + "].amount", Sign::kNonNegative));
    Result<int64_t> sum = CheckedAdd(lines_total_minor, body.lines(i).amount().amount_minor());
    if (!sum.ok()) return InvalidArgument("invoice_issued.lines: total overflows int64");
    lines_total_minor = *sum;
  }
  if (body.lines_size() > 0 && lines_total_minor != body.amount().amount_minor()) {
    return InvalidArgument("invoice_issued.lines: total " + std::to_string(lines_total_minor) +
                           " differs from amount " + std::to_string(body.amount().amount_minor()));
  }
  return Status::Ok();
}

Status ValidateInvoiceAmended(const v1::InvoiceAmended& body) {
  MoneyChecker money("invoice_amended");
  ARLEDGER_RETURN_IF_ERROR(Required(body.invoice_id(), "invoice_amended.invoice_id"));
  if (!body.has_amount() && body.due_date().empty()) {
    return InvalidArgument("invoice_amended: changes neither amount nor due_date");
  }
  if (body.has_amount()) {
    ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  }
  return WellFormedDate(body.due_date(), "invoice_amended.due_date", false);
}

Status ValidatePaymentReceived(const v1::PaymentReceived& body) {
  MoneyChecker money("payment_received");
  ARLEDGER_RETURN_IF_ERROR(Required(body.payment_id(), "payment_received.payment_id"));
  ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  int64_t allocated_minor = 0;
  ARLEDGER_RETURN_IF_ERROR(CheckAllocations(body.allocations(), money, &allocated_minor));
  if (allocated_minor > body.amount().amount_minor()) {
    return InvalidArgument("payment_received.allocations: total " +
                           std::to_string(allocated_minor) + " exceeds the payment's amount " +
                           std::to_string(body.amount().amount_minor()));
  }
  return Status::Ok();
}

Status ValidatePaymentAllocated(const v1::PaymentAllocated& body) {
  MoneyChecker money("payment_allocated");
  ARLEDGER_RETURN_IF_ERROR(Required(body.payment_id(), "payment_allocated.payment_id"));
  if (body.allocations().empty()) {
    return InvalidArgument("payment_allocated.allocations: is required");
  }
  int64_t allocated_minor = 0;
  return CheckAllocations(body.allocations(), money, &allocated_minor);
}

Status ValidatePaymentRefunded(const v1::PaymentRefunded& body) {
  MoneyChecker money("payment_refunded");
  ARLEDGER_RETURN_IF_ERROR(Required(body.refund_id(), "payment_refunded.refund_id"));
  ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  if (body.source() != v1::REFUND_SOURCE_UNALLOCATED_CASH &&
      body.source() != v1::REFUND_SOURCE_ACCOUNT_CREDIT) {
    return InvalidArgument("payment_refunded.source: must be unallocated cash or account credit");
  }
  return Status::Ok();
}

Status ValidateCreditNoteIssued(const v1::CreditNoteIssued& body) {
  MoneyChecker money("credit_note_issued");
  ARLEDGER_RETURN_IF_ERROR(Required(body.credit_note_id(), "credit_note_issued.credit_note_id"));
  return money.Check(body.amount(), "amount", Sign::kPositive);
}

Status ValidatePromiseMade(const v1::PromiseMade& body) {
  MoneyChecker money("promise_made");
  ARLEDGER_RETURN_IF_ERROR(Required(body.promise_id(), "promise_made.promise_id"));
  ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  return WellFormedDate(body.promise_date(), "promise_made.promise_date", true);
}

Status ValidatePlan(const std::string& body_name, const std::string& plan_id,
                    const google::protobuf::RepeatedPtrField<v1::Instalment>& instalments) {
  MoneyChecker money(body_name);
  ARLEDGER_RETURN_IF_ERROR(Required(plan_id, body_name + ".plan_id"));
  return CheckInstalments(instalments, money);
}

Status ValidateDisputeRaised(const v1::DisputeRaised& body) {
  MoneyChecker money("dispute_raised");
  ARLEDGER_RETURN_IF_ERROR(Required(body.dispute_id(), "dispute_raised.dispute_id"));
  ARLEDGER_RETURN_IF_ERROR(Required(body.invoice_id(), "dispute_raised.invoice_id"));
  if (body.has_amount()) {
    ARLEDGER_RETURN_IF_ERROR(money.Check(body.amount(), "amount", Sign::kPositive));
  }
  return Status::Ok();
}

Status ValidateDisputeResolved(const v1::DisputeResolved& body) {
  MoneyChecker money("dispute_resolved");
  ARLEDGER_RETURN_IF_ERROR(Required(body.dispute_id(), "dispute_resolved.dispute_id"));
  if (body.resolution() != v1::DISPUTE_RESOLUTION_UPHELD &&
      body.resolution() != v1::DISPUTE_RESOLUTION_REJECTED) {
    return InvalidArgument("dispute_resolved.resolution: must be upheld or rejected");
  }
  if (body.has_credit_amount()) {
    if (body.resolution() != v1::DISPUTE_RESOLUTION_UPHELD) {
      return InvalidArgument("dispute_resolved.credit_amount: only an upheld dispute credits");
    }
    // Zero is meaningful: upheld, but nothing to credit.
    ARLEDGER_RETURN_IF_ERROR(
        money.Check(body.credit_amount(), "credit_amount", Sign::kNonNegative));
  }
  return Status::Ok();
}

Status ValidateWriteOffRequested(const v1::WriteOffRequested& body) {
  MoneyChecker money("write_off_requested");
  ARLEDGER_RETURN_IF_ERROR(Required(body.write_off_id(), "write_off_requested.write_off_id"));
  return money.Check(body.amount(), "amount", Sign::kPositive);
}

Status ValidateReferralMade(const v1::ReferralMade& body) {
  MoneyChecker money("referral_made");
  ARLEDGER_RETURN_IF_ERROR(Required(body.referral_id(), "referral_made.referral_id"));
  if (body.type() == v1::REFERRAL_TYPE_UNSPECIFIED || !v1::ReferralType_IsValid(body.type())) {
    return InvalidArgument("referral_made.type: must be a known referral type");
  }
  if (body.has_value_assigned()) {
    ARLEDGER_RETURN_IF_ERROR(
        money.Check(body.value_assigned(), "value_assigned", Sign::kNonNegative));
  }
  return Status::Ok();
}

Status ValidateReferralClosed(const v1::ReferralClosed& body) {
  MoneyChecker money("referral_closed");
  ARLEDGER_RETURN_IF_ERROR(Required(body.referral_id(), "referral_closed.referral_id"));
  if (body.has_amount_recovered()) {
    ARLEDGER_RETURN_IF_ERROR(
        money.Check(body.amount_recovered(), "amount_recovered", Sign::kNonNegative));
  }
  return Status::Ok();
}

// The one event whose amounts may span currencies: one limit per (role, currency).
Status ValidateAuthorityPolicySet(const v1::AuthorityPolicySet& body) {
  ARLEDGER_RETURN_IF_ERROR(Required(body.policy_id(), "authority_policy_set.policy_id"));
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < body.rules_size(); ++i) {
    const v1::AuthorityRule& rule = body.rules(i);
    const std::string name = "authority_policy_set.rules[" + std::to_string(i) + "]";
    ARLEDGER_RETURN_IF_ERROR(Required(rule.role(), name + ".role"));
    MoneyChecker money("authority_policy_set");
    ARLEDGER_RETURN_IF_ERROR(money.Check(rule.write_off_limit(),
                                         "rules[" + std::to_string(i) + "].write_off_limit",
                                         Sign::kNonNegative));
    if (!seen.emplace(rule.role(), rule.write_off_limit().currency()).second) {
      return InvalidArgument(name + ": a second rule for role '" + rule.role() + "' in " +
                             rule.write_off_limit().currency());
    }
  }
  return Status::Ok();
}

Status ValidateBody(const v1::EventEnvelope& event) {
  using E = v1::EventEnvelope;
  switch (event.body_case()) {
    case E::kAccountOpened:
      return ValidateAccountOpened(event.account_opened());
    case E::kAccountUpdated:
      return ValidateAccountUpdated(event.account_updated());
    case E::kNoteAdded:
      return Required(event.note_added().note_id(), "note_added.note_id");
    case E::kTaskSet:
      return ValidateTaskSet(event.task_set());
    case E::kInvoiceIssued:
      return ValidateInvoiceIssued(event.invoice_issued());
    case E::kInvoiceAmended:
      return ValidateInvoiceAmended(event.invoice_amended());
    case E::kInvoiceCancelled:
      return Required(event.invoice_cancelled().invoice_id(), "invoice_cancelled.invoice_id");
    case E::kPaymentReceived:
      return ValidatePaymentReceived(event.payment_received());
    case E::kPaymentAllocated:
      return ValidatePaymentAllocated(event.payment_allocated());
    case E::kPaymentReversed:
      return Required(event.payment_reversed().payment_id(), "payment_reversed.payment_id");
    case E::kPaymentRefunded:
      return ValidatePaymentRefunded(event.payment_refunded());
    case E::kCreditNoteIssued:
      return ValidateCreditNoteIssued(event.credit_note_issued());
    case E::kPromiseMade:
      return ValidatePromiseMade(event.promise_made());
    case E::kPromiseCancelled:
      return Required(event.promise_cancelled().promise_id(), "promise_cancelled.promise_id");
    case E::kPaymentPlanAgreed:
      return ValidatePlan("payment_plan_agreed", event.payment_plan_agreed().plan_id(),
                          event.payment_plan_agreed().instalments());
    case E::kPaymentPlanModified:
      return ValidatePlan("payment_plan_modified", event.payment_plan_modified().plan_id(),
                          event.payment_plan_modified().instalments());
    case E::kPaymentPlanCancelled:
      return Required(event.payment_plan_cancelled().plan_id(), "payment_plan_cancelled.plan_id");
    case E::kDisputeRaised:
      return ValidateDisputeRaised(event.dispute_raised());
    case E::kDisputeResolved:
      return ValidateDisputeResolved(event.dispute_resolved());
    case E::kWriteOffRequested:
      return ValidateWriteOffRequested(event.write_off_requested());
    case E::kWriteOffApproved:
      return Required(event.write_off_approved().write_off_id(), "write_off_approved.write_off_id");
    case E::kWriteOffRejected:
      return Required(event.write_off_rejected().write_off_id(), "write_off_rejected.write_off_id");
    case E::kReferralMade:
      return ValidateReferralMade(event.referral_made());
    case E::kReferralClosed:
      return ValidateReferralClosed(event.referral_closed());
    case E::kAuthorityPolicySet:
      return ValidateAuthorityPolicySet(event.authority_policy_set());
    case E::BODY_NOT_SET:
      break;
  }
  // A body-less envelope with unknown fields is a newer type (IsUnknownEventType), not invalid;
  // callers ask that first. One with nothing at all is invalid.
  return InvalidArgument("body: an event body is required");
}

}  // namespace

Status ValidateEnvelope(const v1::EventEnvelope& event) {
  ARLEDGER_RETURN_IF_ERROR(Required(event.event_id(), "event_id"));
  ARLEDGER_RETURN_IF_ERROR(Required(event.account_id(), "account_id"));
  if (!event.has_occurred_at()) return InvalidArgument("occurred_at: is required");
  if (event.occurred_at().nanos() < 0 || event.occurred_at().nanos() > 999'999'999) {
    return InvalidArgument("occurred_at.nanos: must be within 0..999999999");
  }
  // The business date must be one the rest of the system can parse back (1900..9999).
  constexpr int64_t kFirstSecond = -2'208'988'800;  // 1900-01-01T00:00:00Z
  constexpr int64_t kLastSecond = 253'402'300'799;  // 9999-12-31T23:59:59Z
  if (event.occurred_at().seconds() < kFirstSecond || event.occurred_at().seconds() > kLastSecond) {
    return InvalidArgument("occurred_at: must be within 1900-01-01..9999-12-31");
  }
  return ValidateBody(event);
}

}  // namespace arledger
