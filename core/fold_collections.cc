// The fold for collections records without money: promises to pay, payment plans, referrals.
// Whether a promise or plan is kept or broken is not decided here: it depends on "today" and
// is derived at query time (core/promises.h).
#include "core/fold_internal.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

Promise* FindPromise(AccountState& state, const std::string& id) {
  return FindById(state.promises, id, &Promise::promise_id);
}

Plan* FindPlan(AccountState& state, const std::string& id) {
  return FindById(state.plans, id, &Plan::plan_id);
}

Referral* FindReferral(AccountState& state, const std::string& id) {
  return FindById(state.referrals, id, &Referral::referral_id);
}

// The schedule of a validated plan event: due dates and amounts were checked.
std::vector<Instalment> Schedule(
    const google::protobuf::RepeatedPtrField<v1::Instalment>& instalments) {
  std::vector<Instalment> schedule;
  schedule.reserve(static_cast<size_t>(instalments.size()));
  for (const v1::Instalment& instalment : instalments) {
    schedule.push_back(
        {Date::FromCheckedIso(instalment.due_date()), ValidatedMoney(instalment.amount())});
  }
  return schedule;
}

}  // namespace

Status ApplyPromiseMade(FoldContext& context, const v1::PromiseMade& body) {
  if (FindPromise(context.state, body.promise_id()) != nullptr) {
    return FailedPrecondition("promise " + body.promise_id() + " already exists");
  }
  Promise& promise = context.state.promises.emplace_back();
  promise.promise_id = body.promise_id();
  promise.made_date = context.date;
  promise.promise_date = Date::FromCheckedIso(body.promise_date());  // Checked by ValidateEnvelope.
  promise.amount = ValidatedMoney(body.amount());
  promise.state = v1::PROMISE_STATE_OPEN;
  return Status::Ok();
}

Status ApplyPromiseCancelled(FoldContext& context, const v1::PromiseCancelled& body) {
  Promise* promise = FindPromise(context.state, body.promise_id());
  if (promise == nullptr) return FailedPrecondition("promise " + body.promise_id() + " is unknown");
  if (promise->state != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("promise " + body.promise_id() + " is already cancelled");
  }
  promise->state = v1::PROMISE_STATE_CANCELLED;
  promise->cancelled_date = context.date;
  return Status::Ok();
}

Status ApplyPlanAgreed(FoldContext& context, const v1::PaymentPlanAgreed& body) {
  if (FindPlan(context.state, body.plan_id()) != nullptr) {
    return FailedPrecondition("payment plan " + body.plan_id() + " already exists");
  }
  Plan& plan = context.state.plans.emplace_back();
  plan.plan_id = body.plan_id();
  plan.agreed_date = context.date;
  plan.instalments = Schedule(body.instalments());
  plan.state = v1::PROMISE_STATE_OPEN;
  plan.revision = 1;
  return Status::Ok();
}

// The new schedule replaces the old one; payments since the plan was agreed count toward it.
Status ApplyPlanModified(FoldContext& context, const v1::PaymentPlanModified& body) {
  Plan* plan = FindPlan(context.state, body.plan_id());
  if (plan == nullptr) return FailedPrecondition("payment plan " + body.plan_id() + " is unknown");
  if (plan->state != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is cancelled");
  }
  const Currency currency = plan->instalments[0].amount.currency();
  if (body.instalments(0).amount().currency() != currency.code()) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is in " + currency.str());
  }
  plan->instalments = Schedule(body.instalments());
  ++plan->revision;
  return Status::Ok();
}

Status ApplyPlanCancelled(FoldContext& context, const v1::PaymentPlanCancelled& body) {
  Plan* plan = FindPlan(context.state, body.plan_id());
  if (plan == nullptr) return FailedPrecondition("payment plan " + body.plan_id() + " is unknown");
  if (plan->state != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is already cancelled");
  }
  plan->state = v1::PROMISE_STATE_CANCELLED;
  plan->cancelled_date = context.date;
  return Status::Ok();
}

// A referral records where the debt went; money recovered arrives as payments, so closing one
// posts nothing (amount_recovered is the agency's report, kept for reporting).
Status ApplyReferralMade(FoldContext& context, const v1::ReferralMade& body) {
  if (FindReferral(context.state, body.referral_id()) != nullptr) {
    return FailedPrecondition("referral " + body.referral_id() + " already exists");
  }
  Referral& referral = context.state.referrals.emplace_back();
  referral.referral_id = body.referral_id();
  referral.type = body.type();
  if (body.has_value_assigned()) referral.value_assigned = ValidatedMoney(body.value_assigned());
  referral.checklist_ref = body.checklist_ref();
  referral.agency = body.agency();
  referral.state = v1::REFERRAL_STATE_OPEN;
  referral.made_date = context.date;
  return Status::Ok();
}

Status ApplyReferralClosed(FoldContext& context, const v1::ReferralClosed& body) {
  Referral* referral = FindReferral(context.state, body.referral_id());
  if (referral == nullptr) {
    return FailedPrecondition("referral " + body.referral_id() + " is unknown");
  }
  if (referral->state != v1::REFERRAL_STATE_OPEN) {
    return FailedPrecondition("referral " + body.referral_id() + " is already closed");
  }
  referral->state = v1::REFERRAL_STATE_CLOSED;
  referral->closed_date = context.date;
  referral->outcome = body.outcome();
  if (body.has_amount_recovered()) {
    referral->amount_recovered = ValidatedMoney(body.amount_recovered());
  }
  return Status::Ok();
}

}  // namespace arledger::fold_internal
