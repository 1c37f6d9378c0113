// AddAccountDetails: the as-of collections detail of an account view.
#include "core/account_details.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace arledger {
namespace {

using Int128 = __int128;

int64_t Clamp(Int128 value) {
  constexpr Int128 kMax = std::numeric_limits<int64_t>::max();
  constexpr Int128 kMin = std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(std::clamp(value, kMin, kMax));
}

void AddCreditUtilisation(const v1::AccountState& state, v1::AccountView* view) {
  if (!state.has_credit_limit() || state.credit_limit().currency().empty()) return;
  const v1::Money& limit = state.credit_limit();
  int64_t balance = 0;
  for (const v1::AccountBalance& entry : view->balances()) {
    if (entry.currency() == limit.currency()) balance = entry.balance_minor();
  }
  v1::CreditUtilisation* out = view->mutable_credit_utilisation();
  out->set_currency(limit.currency());
  out->set_limit_minor(limit.amount_minor());
  out->set_balance_minor(balance);
  out->set_available_minor(Clamp(Int128{limit.amount_minor()} - balance));
  out->set_over_limit(balance > limit.amount_minor());
  if (limit.amount_minor() > 0) {
    out->set_utilisation_percent(static_cast<double>(std::max<int64_t>(0, balance)) /
                                 static_cast<double>(limit.amount_minor()) * 100.0);
  }
}

void AddPromises(const v1::AccountState& state, Date as_of, const PromiseConfig& config,
                 v1::AccountView* view) {
  for (int i = state.promises_size() - 1; i >= 0; --i) {
    const v1::PromiseRecord& promise = state.promises(i);
    const PromiseStatus status = PromiseStatusAsOf(state, promise, as_of, config);
    if (status == PromiseStatus::kNotYetMade) continue;
    v1::PromiseView* out = view->add_promises();
    out->set_promise_id(promise.promise_id());
    out->set_made_date(promise.made_date());
    out->set_promise_date(promise.promise_date());
    *out->mutable_amount() = promise.amount();
    out->set_status(std::string(PromiseStatusName(status)));
    out->set_received_minor(ReceivedTowardPromise(state, promise, as_of, config));
    if (status == PromiseStatus::kCancelled) out->set_cancelled_date(promise.cancelled_date());
  }
  for (int i = state.plans_size() - 1; i >= 0; --i) {
    const v1::PlanRecord& plan = state.plans(i);
    const PromiseStatus status = PlanStatusAsOf(state, plan, as_of, config);
    if (status == PromiseStatus::kNotYetMade) continue;
    v1::PlanView* out = view->add_plans();
    out->set_plan_id(plan.plan_id());
    out->set_agreed_date(plan.agreed_date());
    *out->mutable_instalments() = plan.instalments();
    out->set_status(std::string(PromiseStatusName(status)));
    out->set_revision(plan.revision());
    if (status == PromiseStatus::kCancelled) out->set_cancelled_date(plan.cancelled_date());
  }
}

void AddDisputesAndReferrals(const v1::AccountState& state, const std::string& as_of,
                             v1::AccountView* view) {
  for (const v1::DisputeRecord& dispute : state.disputes()) {
    if (dispute.raised_date() > as_of) continue;
    v1::DisputeRecord* out = view->add_disputes();
    *out = dispute;
    if (!dispute.resolved_date().empty() && dispute.resolved_date() > as_of) {
      out->set_state(v1::DISPUTE_STATE_OPEN);
      out->clear_resolved_date();
      out->clear_credited();
    }
  }
  for (const v1::ReferralRecord& referral : state.referrals()) {
    if (referral.made_date() > as_of) continue;
    v1::ReferralRecord* out = view->add_referrals();
    *out = referral;
    if (referral.state() == v1::REFERRAL_STATE_CLOSED && referral.closed_date() > as_of) {
      out->set_state(v1::REFERRAL_STATE_OPEN);
      out->clear_closed_date();
      out->clear_outcome();
      out->clear_amount_recovered();
    }
  }
}

// The newest kAccountViewNotesMax notes dated on or before as_of (later in the log first
// among notes of the same date).
void AddNotes(const v1::AccountState& state, const std::string& as_of, v1::AccountView* view) {
  std::vector<int> indices;
  for (int i = 0; i < state.notes_size(); ++i) {
    if (state.notes(i).date() <= as_of) indices.push_back(i);
  }
  std::stable_sort(indices.begin(), indices.end(), [&state](int a, int b) {
    if (state.notes(a).date() != state.notes(b).date()) {
      return state.notes(a).date() > state.notes(b).date();
    }
    return a > b;
  });
  view->set_notes_total(static_cast<int32_t>(indices.size()));
  const size_t shown = std::min(indices.size(), static_cast<size_t>(kAccountViewNotesMax));
  for (size_t i = 0; i < shown; ++i) *view->add_notes() = state.notes(indices[i]);
}

}  // namespace

void AddAccountDetails(const v1::AccountState& state, Date as_of, const PromiseConfig& promises,
                       v1::AccountView* view) {
  const std::string as_of_text = as_of.ToString();
  AddCreditUtilisation(state, view);
  AddPromises(state, as_of, promises, view);
  AddDisputesAndReferrals(state, as_of_text, view);
  AddNotes(state, as_of_text, view);
}

}  // namespace arledger
