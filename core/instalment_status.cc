// InstalmentStatusAsOf: an instalment judged as a promise of the cumulative amount due.
#include "core/instalment_status.h"

#include <algorithm>
#include <limits>

#include "core/status.h"

namespace arledger {

PromiseStatus InstalmentStatusAsOf(const v1::AccountState& state, const v1::PlanRecord& plan,
                                   int instalment, Date as_of, const PromiseConfig& config) {
  ARLEDGER_CHECK(instalment >= 1 && instalment <= plan.instalments_size());
  const std::string as_of_text = as_of.ToString();
  if (plan.agreed_date() > as_of_text) return PromiseStatus::kNotYetMade;
  if (plan.state() == v1::PROMISE_STATE_CANCELLED && plan.cancelled_date() <= as_of_text) {
    return PromiseStatus::kCancelled;
  }
  __int128 due_so_far = 0;
  for (int i = 0; i < instalment; ++i) due_so_far += plan.instalments(i).amount().amount_minor();
  // The cumulative amount as one promise made when the plan was agreed, due on this date.
  v1::PromiseRecord cumulative;
  cumulative.set_made_date(plan.agreed_date());
  cumulative.set_promise_date(plan.instalments(instalment - 1).due_date());
  cumulative.mutable_amount()->set_currency(plan.instalments(0).amount().currency());
  cumulative.mutable_amount()->set_amount_minor(
      static_cast<int64_t>(std::min<__int128>(due_so_far, std::numeric_limits<int64_t>::max())));
  cumulative.set_state(v1::PROMISE_STATE_OPEN);
  return PromiseStatusAsOf(state, cumulative, as_of, config);
}

}  // namespace arledger
