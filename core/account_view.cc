// BuildAccountView and the as-of reconstruction of items and pools it relies on.
#include "core/account_view.h"

#include <algorithm>
#include <limits>
#include <map>

namespace arledger {
namespace {

using Int128 = __int128;

// Sums over an as-of subset cannot be bounded by the fold's checks (those bound the current
// totals), so views add in 128 bits and clamp: a display value, never fed back into money.
int64_t Clamp(Int128 value) {
  constexpr Int128 kMax = std::numeric_limits<int64_t>::max();
  constexpr Int128 kMin = std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(std::clamp(value, kMin, kMax));
}

struct CurrencyTotals {
  Int128 open = 0, overdue = 0, disputed = 0;
  std::array<Int128, 6> aging{};
};

int64_t DisputedAsOf(const AccountState& state, const Item& item, Date as_of) {
  Int128 disputed = 0;
  for (const Dispute& dispute : state.disputes) {
    if (dispute.invoice_id != item.invoice_id || dispute.raised_date > as_of) continue;
    const bool still_open = dispute.state == v1::DISPUTE_STATE_OPEN ||
                            dispute.resolved_date.is_none() || dispute.resolved_date > as_of;
    if (still_open) disputed += dispute.amount.amount_minor();
  }
  return Clamp(disputed);
}

void FillBucket(v1::AgingBuckets* out, const CurrencyTotals& totals) {
  out->set_current_minor(Clamp(totals.aging[0]));
  out->set_days_1_30_minor(Clamp(totals.aging[1]));
  out->set_days_31_60_minor(Clamp(totals.aging[2]));
  out->set_days_61_90_minor(Clamp(totals.aging[3]));
  out->set_days_91_120_minor(Clamp(totals.aging[4]));
  out->set_days_over_120_minor(Clamp(totals.aging[5]));
}

}  // namespace

int AgingBucketIndex(int32_t days_past_due, const AgingConfig& config) {
  if (days_past_due <= 0) return 0;
  for (int i = 0; i < static_cast<int>(config.bucket_upper_days.size()); ++i) {
    if (days_past_due <= config.bucket_upper_days[i]) return i + 1;
  }
  return static_cast<int>(config.bucket_upper_days.size()) + 1;
}

std::string AgingBucketName(int32_t days_past_due, const AgingConfig& config) {
  const int index = AgingBucketIndex(days_past_due, config);
  const auto& upper = config.bucket_upper_days;
  if (index == 0) return "current";
  if (index > static_cast<int>(upper.size())) return std::to_string(upper.back()) + "+";
  const int32_t lower = index == 1 ? 1 : upper[index - 2] + 1;
  return std::to_string(lower) + "-" + std::to_string(upper[index - 1]);
}

int32_t DaysPastDue(Date due_date, Date as_of) { return std::max(0, as_of - due_date); }

Date LastContactDateAsOf(const AccountState& state, Date as_of) {
  if (state.last_contact_date <= as_of) return state.last_contact_date;
  Date last = kNoDate;
  for (const Note& note : state.notes) {
    if (note.contact_channel != v1::CONTACT_CHANNEL_UNSPECIFIED && note.date <= as_of) {
      last = std::max(last, note.date);
    }
  }
  return last;
}

ItemAsOf ItemAsOfDate(const AccountState& state, const Item& item, Date as_of) {
  ItemAsOf view;
  view.issued = item.issue_date <= as_of;
  if (!view.issued) return view;
  // Start from the current values and undo whatever is dated after as_of.
  Int128 amount = item.amount_minor;
  Int128 open = item.open_minor;
  view.due_date = item.due_date;
  for (auto settlement = item.settlements.rbegin(); settlement != item.settlements.rend();
       ++settlement) {
    if (settlement->date <= as_of) {
      if (settlement->kind == v1::SETTLEMENT_KIND_CANCELLATION) view.cancelled = true;
      continue;
    }
    open += settlement->amount_minor;
    amount -= settlement->amount_change_minor;
    if (!settlement->previous_due_date.is_none()) view.due_date = settlement->previous_due_date;
  }
  view.amount_minor = Clamp(std::max<Int128>(0, amount));
  view.open_minor = view.cancelled ? 0 : Clamp(std::clamp<Int128>(open, 0, view.amount_minor));
  view.disputed_minor = std::min(view.open_minor, DisputedAsOf(state, item, as_of));
  return view;
}

int64_t PoolAsOf(const AccountState& state, Pool pool, Currency currency, Date as_of) {
  const std::vector<PoolChange>& changes = pool == Pool::kUnallocatedCash
                                               ? state.unallocated_cash_changes
                                               : state.account_credit_changes;
  Int128 total = 0;
  for (const PoolChange& change : changes) {
    if (change.currency == currency && change.date <= as_of) total += change.delta_minor;
  }
  return Clamp(std::max<Int128>(0, total));
}

v1::AccountView BuildAccountView(const AccountState& state, Date as_of, const AgingConfig& config) {
  v1::AccountView view;
  view.set_account_id(state.account_id);
  view.set_as_of(as_of.ToString());
  view.set_opened(state.opened);
  view.set_name(state.name);
  view.set_collector_id(state.collector_id);
  view.set_portfolio(state.portfolio);
  view.set_status(state.status);
  if (state.credit_limit) {
    view.mutable_credit_limit()->set_amount_minor(state.credit_limit->amount_minor());
    view.mutable_credit_limit()->set_currency(state.credit_limit->currency().str());
  }
  view.set_events_applied(state.events_applied);
  view.set_last_contact_date(LastContactDateAsOf(state, as_of).ToString());

  std::map<Currency, CurrencyTotals> totals;  // Sorted by currency: stable output.
  for (const Item& item : state.items) {
    const ItemAsOf item_as_of = ItemAsOfDate(state, item, as_of);
    if (item_as_of.open_minor <= 0) continue;
    const int32_t days_past_due = DaysPastDue(item_as_of.due_date, as_of);
    v1::ItemView* out = view.add_items();
    out->set_invoice_id(item.invoice_id);
    out->set_issue_date(item.issue_date.ToString());
    out->set_due_date(item_as_of.due_date.ToString());
    out->set_currency(item.currency.str());
    out->set_amount_minor(item_as_of.amount_minor);
    out->set_open_minor(item_as_of.open_minor);
    out->set_days_past_due(days_past_due);
    out->set_aging_bucket(AgingBucketName(days_past_due, config));
    out->set_disputed_minor(item_as_of.disputed_minor);
    out->set_status(v1::ITEM_STATUS_OPEN);
    CurrencyTotals& currency = totals[item.currency];
    currency.open += item_as_of.open_minor;
    if (days_past_due > 0) currency.overdue += item_as_of.open_minor;
    currency.disputed += item_as_of.disputed_minor;
    currency.aging[AgingBucketIndex(days_past_due, config)] += item_as_of.open_minor;
  }
  for (const auto* pool : {&state.unallocated_cash, &state.account_credit}) {
    for (const CurrencyAmount& entry : *pool) totals.try_emplace(entry.currency);
  }
  for (const auto& [currency, currency_totals] : totals) {
    const int64_t cash = PoolAsOf(state, Pool::kUnallocatedCash, currency, as_of);
    const int64_t credit = PoolAsOf(state, Pool::kAccountCredit, currency, as_of);
    if (currency_totals.open == 0 && cash == 0 && credit == 0) continue;
    v1::AccountBalance* balance = view.add_balances();
    balance->set_currency(currency.str());
    balance->set_open_items_minor(Clamp(currency_totals.open));
    balance->set_unallocated_cash_minor(cash);
    balance->set_account_credit_minor(credit);
    balance->set_balance_minor(Clamp(currency_totals.open - cash - credit));
    balance->set_overdue_minor(Clamp(currency_totals.overdue));
    balance->set_disputed_minor(Clamp(currency_totals.disputed));
    v1::AgingBuckets* aging = view.add_aging();
    aging->set_currency(currency.str());
    FillBucket(aging, currency_totals);
  }
  return view;
}

}  // namespace arledger
