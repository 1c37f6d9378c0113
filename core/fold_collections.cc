// The fold for collections records without money: promises to pay, payment plans, referrals.
// Whether a promise or plan is kept or broken is not decided here: it depends on "today" and
// is derived at query time (core/promises.h).
#include "core/fold_internal.h"

namespace arledger::fold_internal {
namespace {

template <typename Record, typename Id>
Record* FindById(google::protobuf::RepeatedPtrField<Record>* records, const std::string& id,
                 Id id_of) {
  for (Record& record : *records) {
    if (id_of(record) == id) return &record;
  }
  return nullptr;
}

v1::PromiseRecord* FindPromise(v1::AccountState& state, const std::string& id) {
  return FindById(state.mutable_promises(), id,
                  [](const v1::PromiseRecord& r) -> const std::string& { return r.promise_id(); });
}

v1::PlanRecord* FindPlan(v1::AccountState& state, const std::string& id) {
  return FindById(state.mutable_plans(), id,
                  [](const v1::PlanRecord& r) -> const std::string& { return r.plan_id(); });
}

v1::ReferralRecord* FindReferral(v1::AccountState& state, const std::string& id) {
  return FindById(
      state.mutable_referrals(), id,
      [](const v1::ReferralRecord& r) -> const std::string& { return r.referral_id(); });
}

}  // namespace

Status ApplyPromiseMade(FoldContext& context, const v1::PromiseMade& body) {
  if (FindPromise(context.state, body.promise_id()) != nullptr) {
    return FailedPrecondition("promise " + body.promise_id() + " already exists");
  }
  v1::PromiseRecord* promise = context.state.add_promises();
  promise->set_promise_id(body.promise_id());
  promise->set_made_date(context.date);
  promise->set_promise_date(body.promise_date());
  *promise->mutable_amount() = body.amount();
  promise->set_state(v1::PROMISE_STATE_OPEN);
  return Status::Ok();
}

Status ApplyPromiseCancelled(FoldContext& context, const v1::PromiseCancelled& body) {
  v1::PromiseRecord* promise = FindPromise(context.state, body.promise_id());
  if (promise == nullptr) return FailedPrecondition("promise " + body.promise_id() + " is unknown");
  if (promise->state() != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("promise " + body.promise_id() + " is already cancelled");
  }
  promise->set_state(v1::PROMISE_STATE_CANCELLED);
  promise->set_cancelled_date(context.date);
  return Status::Ok();
}

Status ApplyPlanAgreed(FoldContext& context, const v1::PaymentPlanAgreed& body) {
  if (FindPlan(context.state, body.plan_id()) != nullptr) {
    return FailedPrecondition("payment plan " + body.plan_id() + " already exists");
  }
  v1::PlanRecord* plan = context.state.add_plans();
  plan->set_plan_id(body.plan_id());
  plan->set_agreed_date(context.date);
  *plan->mutable_instalments() = body.instalments();
  plan->set_state(v1::PROMISE_STATE_OPEN);
  plan->set_revision(1);
  return Status::Ok();
}

// The new schedule replaces the old one; payments since the plan was agreed count toward it.
Status ApplyPlanModified(FoldContext& context, const v1::PaymentPlanModified& body) {
  v1::PlanRecord* plan = FindPlan(context.state, body.plan_id());
  if (plan == nullptr) return FailedPrecondition("payment plan " + body.plan_id() + " is unknown");
  if (plan->state() != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is cancelled");
  }
  if (body.instalments(0).amount().currency() != plan->instalments(0).amount().currency()) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is in " +
                              plan->instalments(0).amount().currency());
  }
  *plan->mutable_instalments() = body.instalments();
  plan->set_revision(plan->revision() + 1);
  return Status::Ok();
}

Status ApplyPlanCancelled(FoldContext& context, const v1::PaymentPlanCancelled& body) {
  v1::PlanRecord* plan = FindPlan(context.state, body.plan_id());
  if (plan == nullptr) return FailedPrecondition("payment plan " + body.plan_id() + " is unknown");
  if (plan->state() != v1::PROMISE_STATE_OPEN) {
    return FailedPrecondition("payment plan " + body.plan_id() + " is already cancelled");
  }
  plan->set_state(v1::PROMISE_STATE_CANCELLED);
  plan->set_cancelled_date(context.date);
  return Status::Ok();
}

// A referral records where the debt went; money recovered arrives as payments, so closing one
// posts nothing (amount_recovered is the agency's report, kept for reporting).
Status ApplyReferralMade(FoldContext& context, const v1::ReferralMade& body) {
  if (FindReferral(context.state, body.referral_id()) != nullptr) {
    return FailedPrecondition("referral " + body.referral_id() + " already exists");
  }
  v1::ReferralRecord* referral = context.state.add_referrals();
  referral->set_referral_id(body.referral_id());
  referral->set_type(body.type());
  if (body.has_value_assigned()) *referral->mutable_value_assigned() = body.value_assigned();
  referral->set_checklist_ref(body.checklist_ref());
  referral->set_agency(body.agency());
  referral->set_state(v1::REFERRAL_STATE_OPEN);
  referral->set_made_date(context.date);
  return Status::Ok();
}

Status ApplyReferralClosed(FoldContext& context, const v1::ReferralClosed& body) {
  v1::ReferralRecord* referral = FindReferral(context.state, body.referral_id());
  if (referral == nullptr) {
    return FailedPrecondition("referral " + body.referral_id() + " is unknown");
  }
  if (referral->state() != v1::REFERRAL_STATE_OPEN) {
    return FailedPrecondition("referral " + body.referral_id() + " is already closed");
  }
  referral->set_state(v1::REFERRAL_STATE_CLOSED);
  referral->set_closed_date(context.date);
  referral->set_outcome(body.outcome());
  if (body.has_amount_recovered()) *referral->mutable_amount_recovered() = body.amount_recovered();
  return Status::Ok();
}

}  // namespace arledger::fold_internal
