// AddAccountDetails: the as-of collections detail of an account view.
#include "core/account_details.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "core/state_proto.h"

namespace arledger {
namespace {

using Int128 = __int128;

int64_t Clamp(Int128 value) {
  constexpr Int128 kMax = std::numeric_limits<int64_t>::max();
  constexpr Int128 kMin = std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(std::clamp(value, kMin, kMax));
}

void AddCreditUtilisation(const AccountState& state, v1::AccountView* view) {
  if (!state.credit_limit || state.credit_limit->currency().empty()) return;
  const Money& limit = *state.credit_limit;
  const std::string currency = limit.currency().str();
  int64_t balance = 0;
  for (const v1::AccountBalance& entry : view->balances()) {
    if (entry.currency() == currency) balance = entry.balance_minor();
  }
  v1::CreditUtilisation* out = view->mutable_credit_utilisation();
  out->set_currency(currency);
  out->set_limit_minor(limit.amount_minor());
  out->set_balance_minor(balance);
  out->set_available_minor(Clamp(Int128{limit.amount_minor()} - balance));
  out->set_over_limit(balance > limit.amount_minor());
  if (limit.amount_minor() > 0) {
    out->set_utilisation_percent(static_cast<double>(std::max<int64_t>(0, balance)) /
                                 static_cast<double>(limit.amount_minor()) * 100.0);
  }
}

void AddPromises(const AccountState& state, Date as_of, const PromiseConfig& config,
                 v1::AccountView* view) {
  for (auto promise = state.promises.rbegin(); promise != state.promises.rend(); ++promise) {
    const PromiseStatus status = PromiseStatusAsOf(state, *promise, as_of, config);
    if (status == PromiseStatus::kNotYetMade) continue;
    v1::PromiseView* out = view->add_promises();
    out->set_promise_id(promise->promise_id);
    out->set_made_date(promise->made_date.ToString());
    out->set_promise_date(promise->promise_date.ToString());
    ToProto(promise->amount, out->mutable_amount());
    out->set_status(std::string(PromiseStatusName(status)));
    out->set_received_minor(ReceivedTowardPromise(state, *promise, as_of, config));
    if (status == PromiseStatus::kCancelled) {
      out->set_cancelled_date(promise->cancelled_date.ToString());
    }
  }
  for (auto plan = state.plans.rbegin(); plan != state.plans.rend(); ++plan) {
    const PromiseStatus status = PlanStatusAsOf(state, *plan, as_of, config);
    if (status == PromiseStatus::kNotYetMade) continue;
    v1::PlanView* out = view->add_plans();
    out->set_plan_id(plan->plan_id);
    out->set_agreed_date(plan->agreed_date.ToString());
    for (const Instalment& instalment : plan->instalments) {
      ToProto(instalment, out->add_instalments());
    }
    out->set_status(std::string(PromiseStatusName(status)));
    out->set_revision(plan->revision);
    if (status == PromiseStatus::kCancelled)
      out->set_cancelled_date(plan->cancelled_date.ToString());
  }
}

void AddDisputesAndReferrals(const AccountState& state, Date as_of, v1::AccountView* view) {
  for (const Dispute& dispute : state.disputes) {
    if (dispute.raised_date > as_of) continue;
    Dispute as_seen = dispute;
    if (!dispute.resolved_date.is_none() && dispute.resolved_date > as_of) {
      as_seen.state = v1::DISPUTE_STATE_OPEN;
      as_seen.resolved_date = kNoDate;
      as_seen.credited.reset();
    }
    ToProto(as_seen, view->add_disputes());
  }
  for (const Referral& referral : state.referrals) {
    if (referral.made_date > as_of) continue;
    Referral as_seen = referral;
    if (referral.state == v1::REFERRAL_STATE_CLOSED && referral.closed_date > as_of) {
      as_seen.state = v1::REFERRAL_STATE_OPEN;
      as_seen.closed_date = kNoDate;
      as_seen.outcome.clear();
      as_seen.amount_recovered.reset();
    }
    ToProto(as_seen, view->add_referrals());
  }
}

// The newest kAccountViewNotesMax notes dated on or before as_of (later in the log first
// among notes of the same date).
void AddNotes(const AccountState& state, Date as_of, v1::AccountView* view) {
  std::vector<int> indices;
  for (size_t i = 0; i < state.notes.size(); ++i) {
    if (state.notes[i].date <= as_of) indices.push_back(static_cast<int>(i));
  }
  std::stable_sort(indices.begin(), indices.end(), [&state](int a, int b) {
    if (state.notes[a].date != state.notes[b].date)
      return state.notes[a].date > state.notes[b].date;
    return a > b;
  });
  view->set_notes_total(static_cast<int32_t>(indices.size()));
  const size_t shown = std::min(indices.size(), static_cast<size_t>(kAccountViewNotesMax));
  for (size_t i = 0; i < shown; ++i) ToProto(state.notes[indices[i]], view->add_notes());
}

}  // namespace

void AddAccountDetails(const AccountState& state, Date as_of, const PromiseConfig& promises,
                       v1::AccountView* view) {
  AddCreditUtilisation(state, view);
  AddPromises(state, as_of, promises, view);
  AddDisputesAndReferrals(state, as_of, view);
  AddNotes(state, as_of, view);
}

}  // namespace arledger
