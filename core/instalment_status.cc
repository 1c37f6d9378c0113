// InstalmentStatusAsOf: an instalment judged as a promise of the cumulative amount due.
#include "core/instalment_status.h"

#include <algorithm>
#include <limits>

#include "core/status.h"

namespace arledger {

PromiseStatus InstalmentStatusAsOf(const AccountState& state, const Plan& plan, int instalment,
                                   Date as_of, const PromiseConfig& config) {
  ARLEDGER_CHECK(instalment >= 1 && static_cast<size_t>(instalment) <= plan.instalments.size());
  if (plan.agreed_date > as_of) return PromiseStatus::kNotYetMade;
  if (plan.state == v1::PROMISE_STATE_CANCELLED && plan.cancelled_date <= as_of) {
    return PromiseStatus::kCancelled;
  }
  __int128 due_so_far = 0;
  for (int i = 0; i < instalment; ++i) due_so_far += plan.instalments[i].amount.amount_minor();
  // The cumulative amount as one promise made when the plan was agreed, due on this date.
  Promise cumulative;
  cumulative.made_date = plan.agreed_date;
  cumulative.promise_date = plan.instalments[instalment - 1].due_date;
  cumulative.amount = Money(
      static_cast<int64_t>(std::min<__int128>(due_so_far, std::numeric_limits<int64_t>::max())),
      plan.instalments[0].amount.currency());
  cumulative.state = v1::PROMISE_STATE_OPEN;
  return PromiseStatusAsOf(state, cumulative, as_of, config);
}

}  // namespace arledger
