// Promise and payment-plan status at query time (see promises.h for the rules).
#include "core/promises.h"

#include <algorithm>
#include <limits>

namespace arledger {
namespace {

using Int128 = __int128;

// Payments in `currency` dated within [from, to], not reversed on or before as_of.
Int128 PaidWithin(const v1::AccountState& state, const std::string& currency,
                  const std::string& from, const std::string& to, const std::string& as_of) {
  Int128 total = 0;
  for (const v1::PaymentRecord& payment : state.payments()) {
    if (payment.amount().currency() != currency) continue;
    if (payment.date() < from || payment.date() > to || payment.date() > as_of) continue;
    if (payment.reversed() && payment.reversed_date() <= as_of) continue;
    total += payment.amount().amount_minor();
  }
  return total;
}

std::string Deadline(const std::string& date, const PromiseConfig& config) {
  Result<Date> parsed = Date::Parse(date);
  return parsed.ok() ? parsed->AddDays(config.grace_days).ToString() : date;
}

bool CancelledBy(v1::PromiseState state, const std::string& cancelled_date,
                 const std::string& as_of) {
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

int64_t ReceivedTowardPromise(const v1::AccountState& state, const v1::PromiseRecord& promise,
                              Date as_of, const PromiseConfig& config) {
  const Int128 paid = PaidWithin(state, promise.amount().currency(), promise.made_date(),
                                 Deadline(promise.promise_date(), config), as_of.ToString());
  return static_cast<int64_t>(std::min<Int128>(paid, std::numeric_limits<int64_t>::max()));
}

PromiseStatus PromiseStatusAsOf(const v1::AccountState& state, const v1::PromiseRecord& promise,
                                Date as_of, const PromiseConfig& config) {
  const std::string as_of_text = as_of.ToString();
  if (promise.made_date() > as_of_text) return PromiseStatus::kNotYetMade;
  if (CancelledBy(promise.state(), promise.cancelled_date(), as_of_text)) {
    return PromiseStatus::kCancelled;
  }
  if (ReceivedTowardPromise(state, promise, as_of, config) >= promise.amount().amount_minor()) {
    return PromiseStatus::kKept;
  }
  return as_of_text > Deadline(promise.promise_date(), config) ? PromiseStatus::kBroken
                                                               : PromiseStatus::kPending;
}

PromiseStatus PlanStatusAsOf(const v1::AccountState& state, const v1::PlanRecord& plan, Date as_of,
                             const PromiseConfig& config) {
  const std::string as_of_text = as_of.ToString();
  if (plan.agreed_date() > as_of_text) return PromiseStatus::kNotYetMade;
  if (CancelledBy(plan.state(), plan.cancelled_date(), as_of_text)) {
    return PromiseStatus::kCancelled;
  }
  if (plan.instalments().empty()) return PromiseStatus::kKept;
  const std::string& currency = plan.instalments(0).amount().currency();
  Int128 due_so_far = 0;
  for (const v1::Instalment& instalment : plan.instalments()) {
    due_so_far += instalment.amount().amount_minor();
    const std::string deadline = Deadline(instalment.due_date(), config);
    const Int128 paid = PaidWithin(state, currency, plan.agreed_date(), deadline, as_of_text);
    if (paid >= due_so_far) continue;  // Met (possibly early).
    return as_of_text > deadline ? PromiseStatus::kBroken : PromiseStatus::kPending;
  }
  return PromiseStatus::kKept;
}

double PromiseSummary::KeptRate() const {
  const int32_t decided = kept + broken;
  return decided == 0 ? 0.0 : static_cast<double>(kept) / decided;
}

PromiseSummary SummarisePromises(const v1::AccountState& state, Date as_of,
                                 const PromiseConfig& config) {
  PromiseSummary summary;
  for (const v1::PromiseRecord& promise : state.promises()) {
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
