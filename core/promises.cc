// Promise and payment-plan status at query time (see promises.h for the rules).
#include "core/promises.h"

#include <algorithm>
#include <limits>

namespace arledger {
namespace {

using Int128 = __int128;

// Payments in `currency` dated within [from, to], not reversed on or before as_of.
Int128 PaidWithin(const AccountState& state, Currency currency, Date from, Date to, Date as_of) {
  Int128 total = 0;
  for (const Payment& payment : state.payments) {
    if (payment.amount.currency() != currency) continue;
    if (payment.date < from || payment.date > to || payment.date > as_of) continue;
    if (payment.reversed && payment.reversed_date <= as_of) continue;
    total += payment.amount.amount_minor();
  }
  return total;
}

Date Deadline(Date date, const PromiseConfig& config) { return date.AddDays(config.grace_days); }

bool CancelledBy(v1::PromiseState state, Date cancelled_date, Date as_of) {
  return state == v1::PROMISE_STATE_CANCELLED && cancelled_date <= as_of;
}

}  // namespace

std::string_view PromiseStatusName(PromiseStatus status) {
  switch (status) {
    case PromiseStatus::kNotYetMade:
      return "not_yet_made";
    case PromiseStatus::kPending:
      return "pending";
    case PromiseStatus::kKept:
      return "kept";
    case PromiseStatus::kBroken:
      return "broken";
    case PromiseStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

int64_t ReceivedTowardPromise(const AccountState& state, const Promise& promise, Date as_of,
                              const PromiseConfig& config) {
  const Int128 paid = PaidWithin(state, promise.amount.currency(), promise.made_date,
                                 Deadline(promise.promise_date, config), as_of);
  return static_cast<int64_t>(std::min<Int128>(paid, std::numeric_limits<int64_t>::max()));
}

PromiseStatus PromiseStatusAsOf(const AccountState& state, const Promise& promise, Date as_of,
                                const PromiseConfig& config) {
  if (promise.made_date > as_of) return PromiseStatus::kNotYetMade;
  if (CancelledBy(promise.state, promise.cancelled_date, as_of)) return PromiseStatus::kCancelled;
  if (ReceivedTowardPromise(state, promise, as_of, config) >= promise.amount.amount_minor()) {
    return PromiseStatus::kKept;
  }
  return as_of > Deadline(promise.promise_date, config) ? PromiseStatus::kBroken
                                                        : PromiseStatus::kPending;
}

PromiseStatus PlanStatusAsOf(const AccountState& state, const Plan& plan, Date as_of,
                             const PromiseConfig& config) {
  if (plan.agreed_date > as_of) return PromiseStatus::kNotYetMade;
  if (CancelledBy(plan.state, plan.cancelled_date, as_of)) return PromiseStatus::kCancelled;
  if (plan.instalments.empty()) return PromiseStatus::kKept;
  const Currency currency = plan.instalments[0].amount.currency();
  Int128 due_so_far = 0;
  for (const Instalment& instalment : plan.instalments) {
    due_so_far += instalment.amount.amount_minor();
    const Date deadline = Deadline(instalment.due_date, config);
    const Int128 paid = PaidWithin(state, currency, plan.agreed_date, deadline, as_of);
    if (paid >= due_so_far) continue;  // Met (possibly early).
    return as_of > deadline ? PromiseStatus::kBroken : PromiseStatus::kPending;
  }
  return PromiseStatus::kKept;
}

double PromiseSummary::KeptRate() const {
  const int32_t decided = kept + broken;
  return decided == 0 ? 0.0 : static_cast<double>(kept) / decided;
}

PromiseSummary SummarisePromises(const AccountState& state, Date as_of,
                                 const PromiseConfig& config) {
  PromiseSummary summary;
  for (const Promise& promise : state.promises) {
    switch (PromiseStatusAsOf(state, promise, as_of, config)) {
      case PromiseStatus::kNotYetMade:
        break;
      case PromiseStatus::kPending:
        ++summary.pending;
        break;
      case PromiseStatus::kKept:
        ++summary.kept;
        break;
      case PromiseStatus::kBroken:
        ++summary.broken;
        break;
      case PromiseStatus::kCancelled:
        ++summary.cancelled;
        break;
    }
  }
  return summary;
}

}  // namespace arledger
