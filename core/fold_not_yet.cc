// Handlers still being written (phase 2 of the core): they refuse the event with a reason, so
// that nothing is silently dropped; the projector counts them as rejected.
#include "core/fold_internal.h"

namespace arledger::fold_internal {
namespace {
Status NotYet(const char* body) {
  return FailedPrecondition(std::string(body) + " is not folded by this build yet");
}
}  // namespace

Status ApplyInvoiceAmended(FoldContext&, const v1::InvoiceAmended&) { return NotYet("invoice_amended"); }
Status ApplyInvoiceCancelled(FoldContext&, const v1::InvoiceCancelled&) { return NotYet("invoice_cancelled"); }
Status ApplyPaymentReversed(FoldContext&, const v1::PaymentReversed&) { return NotYet("payment_reversed"); }
Status ApplyPromiseMade(FoldContext&, const v1::PromiseMade&) { return NotYet("promise_made"); }
Status ApplyPromiseCancelled(FoldContext&, const v1::PromiseCancelled&) { return NotYet("promise_cancelled"); }
Status ApplyPlanAgreed(FoldContext&, const v1::PaymentPlanAgreed&) { return NotYet("payment_plan_agreed"); }
Status ApplyPlanModified(FoldContext&, const v1::PaymentPlanModified&) { return NotYet("payment_plan_modified"); }
Status ApplyPlanCancelled(FoldContext&, const v1::PaymentPlanCancelled&) { return NotYet("payment_plan_cancelled"); }
Status ApplyDisputeRaised(FoldContext&, const v1::DisputeRaised&) { return NotYet("dispute_raised"); }
Status ApplyDisputeResolved(FoldContext&, const v1::DisputeResolved&) { return NotYet("dispute_resolved"); }
Status ApplyReferralMade(FoldContext&, const v1::ReferralMade&) { return NotYet("referral_made"); }
Status ApplyReferralClosed(FoldContext&, const v1::ReferralClosed&) { return NotYet("referral_closed"); }

}  // namespace arledger::fold_internal
