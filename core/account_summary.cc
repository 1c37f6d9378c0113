// BuildAccountSummary and the aging of a summary's items.
#include "core/account_summary.h"

#include <algorithm>
#include <map>

#include "core/money.h"
#include "core/state_proto.h"

namespace arledger {
namespace {

// The earliest promise date still worth keeping for a summary whose reference date is `ref`
// (kNoDate, keeping everything, when the account has no dated event yet).
Date WindowStart(Date ref) {
  return ref.is_none() ? kNoDate : ref.AddDays(-kSummaryPromiseWindowDays);
}

bool CancelledBy(v1::PromiseState state, Date cancelled_date, Date as_of) {
  return state == v1::PROMISE_STATE_CANCELLED && cancelled_date <= as_of;
}

bool ReferralOpenAsOf(const AccountState& state, Date as_of) {
  for (const Referral& referral : state.referrals) {
    if (referral.made_date > as_of) continue;
    const bool closed =
        referral.state == v1::REFERRAL_STATE_CLOSED && referral.closed_date <= as_of;
    if (!closed) return true;
  }
  return false;
}

void AddItems(const AccountState& state, Date as_of, v1::AccountSummary* summary) {
  for (const Item& item : state.items) {
    const ItemAsOf view = ItemAsOfDate(state, item, as_of);
    if (view.open_minor <= 0) continue;
    v1::SummaryItem* out = summary->add_items();
    out->set_invoice_id(item.invoice_id);
    out->set_currency(item.currency.str());
    out->set_due_date(view.due_date.ToString());
    out->set_open_minor(view.open_minor);
    out->set_disputed_minor(view.disputed_minor);
  }
}

// Promises and plans that can still matter, and the payments that can count toward them.
void AddPromises(const AccountState& state, Date as_of, Date horizon, v1::AccountSummary* summary) {
  const Date window_start = WindowStart(std::min(as_of, horizon));
  Date earliest = kEndOfTimeDate;
  for (const Promise& promise : state.promises) {
    if (promise.made_date > as_of || promise.promise_date < window_start) continue;
    if (CancelledBy(promise.state, promise.cancelled_date, as_of)) continue;
    ToProto(promise, summary->add_promises());
    earliest = std::min(earliest, promise.made_date);
  }
  for (const Plan& plan : state.plans) {
    if (plan.agreed_date > as_of || CancelledBy(plan.state, plan.cancelled_date, as_of)) continue;
    Date last_due = kNoDate;
    for (const Instalment& instalment : plan.instalments) {
      last_due = std::max(last_due, instalment.due_date);
    }
    if (!plan.instalments.empty() && last_due < window_start) continue;
    ToProto(plan, summary->add_plans());
    earliest = std::min(earliest, plan.agreed_date);
  }
  for (const Payment& payment : state.payments) {
    if (payment.date < earliest || payment.date > as_of) continue;
    if (payment.reversed && payment.reversed_date <= as_of) continue;
    v1::PaymentRecord* out = summary->add_payments();
    ToProto(payment, out);
    out->clear_allocations();
  }
}

}  // namespace

Date HorizonDate(const AccountState& state) {
  Date horizon = state.last_event_date;
  for (const Item& item : state.items) horizon = std::max(horizon, item.issue_date);
  return horizon;
}

v1::AccountSummary BuildAccountSummary(const AccountState& state, Date as_of) {
  v1::AccountSummary summary;
  BuildAccountSummary(state, as_of, &summary);
  return summary;
}

void BuildAccountSummary(const AccountState& state, Date as_of, v1::AccountSummary* summary) {
  const Date horizon = HorizonDate(state);
  summary->set_account_id(state.account_id);
  summary->set_name(state.name);
  summary->set_collector_id(state.collector_id);
  summary->set_portfolio(state.portfolio);
  summary->set_status(state.status);
  summary->set_opened_date(state.opened_date.ToString());
  summary->set_horizon_date(horizon.ToString());
  summary->set_referral_open(ReferralOpenAsOf(state, as_of));
  summary->set_last_contact_date(LastContactDateAsOf(state, as_of).ToString());
  AddItems(state, as_of, summary);
  AddPromises(state, as_of, horizon, summary);
}

int64_t BucketAmount(const v1::AgingBuckets& b, int index) {
  switch (index) {
    case 0:
      return b.current_minor();
    case 1:
      return b.days_1_30_minor();
    case 2:
      return b.days_31_60_minor();
    case 3:
      return b.days_61_90_minor();
    case 4:
      return b.days_91_120_minor();
    default:
      return b.days_over_120_minor();
  }
}

void SetBucketAmount(v1::AgingBuckets* b, int index, int64_t amount_minor) {
  switch (index) {
    case 0:
      return b->set_current_minor(amount_minor);
    case 1:
      return b->set_days_1_30_minor(amount_minor);
    case 2:
      return b->set_days_31_60_minor(amount_minor);
    case 3:
      return b->set_days_61_90_minor(amount_minor);
    case 4:
      return b->set_days_91_120_minor(amount_minor);
    default:
      return b->set_days_over_120_minor(amount_minor);
  }
}

Status SummaryAging(const v1::AccountSummary& summary, Date as_of, const AgingConfig& config,
                    google::protobuf::RepeatedPtrField<v1::AgingBuckets>* out) {
  std::map<std::string, v1::AgingBuckets> by_currency;  // Sorted: stable output.
  for (const v1::SummaryItem& item : summary.items()) {
    Result<Date> due = Date::Parse(item.due_date());
    const int32_t days_past_due = due.ok() ? DaysPastDue(*due, as_of) : 0;
    const int bucket = AgingBucketIndex(days_past_due, config);
    v1::AgingBuckets& buckets = by_currency[item.currency()];
    Result<int64_t> sum = CheckedAdd(BucketAmount(buckets, bucket), item.open_minor());
    if (!sum.ok()) return OutOfRange("aging of account " + summary.account_id() + " overflows");
    SetBucketAmount(&buckets, bucket, *sum);
  }
  out->Clear();
  for (auto& [currency, buckets] : by_currency) {
    buckets.set_currency(currency);
    *out->Add() = std::move(buckets);
  }
  return Status::Ok();
}

}  // namespace arledger
