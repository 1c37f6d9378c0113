// ScoreAccount: the worklist formula of worklist_score.h.
#include "core/worklist_score.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "core/account_summary.h"
#include "core/money.h"
#include "core/state_proto.h"

namespace arledger {
namespace {

using Int128 = __int128;

// The promise records of a summary as a state, so that core/promises.h judges them exactly.
// The summary was built from a state (BuildAccountSummary), so its records convert; one that
// does not (a damaged store) is left out rather than stopping the worklist it is part of.
AccountState PromiseState(const v1::AccountSummary& summary) {
  AccountState state;
  for (const v1::PromiseRecord& proto : summary.promises()) {
    if (!FromProto(proto, &state.promises.emplace_back()).ok()) state.promises.pop_back();
  }
  for (const v1::PlanRecord& proto : summary.plans()) {
    if (!FromProto(proto, &state.plans.emplace_back()).ok()) state.plans.pop_back();
  }
  for (const v1::PaymentRecord& proto : summary.payments()) {
    if (!FromProto(proto, &state.payments.emplace_back()).ok()) state.payments.pop_back();
  }
  return state;
}

struct PromiseFacts {
  int32_t broken = 0;
  bool promise_due = false;
  bool plan_being_kept = false;
};

PromiseFacts JudgePromises(const v1::AccountSummary& summary, Date as_of,
                           const WorklistConfig& config) {
  PromiseFacts facts;
  if (summary.promises().empty() && summary.plans().empty()) return facts;
  const AccountState state = PromiseState(summary);
  const Date lookback_start =
      as_of.AddDays(-config.broken_lookback_days - config.promises.grace_days);
  for (const Promise& promise : state.promises) {
    const PromiseStatus status = PromiseStatusAsOf(state, promise, as_of, config.promises);
    if (status == PromiseStatus::kBroken && promise.promise_date >= lookback_start) {
      ++facts.broken;
    }
    if (status == PromiseStatus::kPending && promise.promise_date == as_of) {
      facts.promise_due = true;
    }
  }
  for (const Plan& plan : state.plans) {
    const PromiseStatus status = PlanStatusAsOf(state, plan, as_of, config.promises);
    if (status == PromiseStatus::kPending) facts.plan_being_kept = true;
    Date last_due = kNoDate;
    for (const Instalment& instalment : plan.instalments) {
      last_due = std::max(last_due, instalment.due_date);
    }
    if (status == PromiseStatus::kBroken && last_due >= lookback_start) ++facts.broken;
  }
  return facts;
}

double MajorUnits(const std::string& currency, int64_t amount_minor) {
  Result<Currency> parsed = Currency::Parse(currency);
  const int digits = parsed.ok() ? parsed->minor_unit_digits() : 2;
  return static_cast<double>(amount_minor) / std::pow(10.0, digits);
}

// Amounts per currency, in the order the currencies first appear: an account holds one or two,
// so a flat list beats a map (which spent a worklist query's time in allocation).
using CurrencySums = std::vector<std::pair<std::string_view, Int128>>;

void AddTo(CurrencySums* sums, std::string_view currency, Int128 amount) {
  for (auto& [held, sum] : *sums) {
    if (held == currency) {
      sum += amount;
      return;
    }
  }
  sums->emplace_back(currency, amount);
}

// Appends the positive sums in currency order.
void AddAmounts(CurrencySums* sums, google::protobuf::RepeatedPtrField<v1::CurrencyAmount>* out) {
  std::sort(sums->begin(), sums->end());
  for (const auto& [currency, amount] : *sums) {
    if (amount <= 0) continue;
    v1::CurrencyAmount* entry = out->Add();
    entry->set_currency(std::string(currency));
    // Each item fits int64 and the account's open total does (the fold checks): so does a part.
    entry->set_amount_minor(static_cast<int64_t>(amount));
  }
}

// Fills overdue, disputed and days_past_due; returns the amount points.
int64_t ScoreAmounts(const v1::AccountSummary& summary, Date as_of, const WorklistConfig& config,
                     v1::WorklistEntry* entry) {
  CurrencySums overdue, disputed;
  int32_t oldest_days = 0;
  for (const v1::SummaryItem& item : summary.items()) {
    if (item.disputed_minor() > 0) AddTo(&disputed, item.currency(), item.disputed_minor());
    Result<Date> due = Date::Parse(item.due_date());
    const int32_t days = due.ok() ? DaysPastDue(*due, as_of) : 0;
    const int64_t chaseable = item.open_minor() - item.disputed_minor();
    if (days <= 0 || chaseable <= 0) continue;
    AddTo(&overdue, item.currency(), chaseable);
    oldest_days = std::max(oldest_days, days);
  }
  AddAmounts(&overdue, entry->mutable_overdue());
  AddAmounts(&disputed, entry->mutable_disputed());
  entry->set_days_past_due(oldest_days);
  double largest_major = 0;
  for (const v1::CurrencyAmount& amount : entry->overdue()) {
    largest_major = std::max(largest_major, MajorUnits(amount.currency(), amount.amount_minor()));
  }
  return static_cast<int64_t>(std::floor(static_cast<double>(config.amount_points_per_decade) *
                                         std::log10(1 + largest_major)));
}

int32_t DaysSinceContact(const v1::AccountSummary& summary, Date as_of,
                         const WorklistConfig& config) {
  Result<Date> last = Date::Parse(summary.last_contact_date());
  if (!last.ok()) return config.contact_days_max;
  return std::clamp(as_of - *last, 0, config.contact_days_max);
}

}  // namespace

bool WorklistExcludes(v1::AccountStatus status, bool referral_open) {
  return referral_open || status == v1::ACCOUNT_STATUS_INSOLVENCY ||
         status == v1::ACCOUNT_STATUS_ADMINISTRATION || status == v1::ACCOUNT_STATUS_CLOSED;
}

Status ValidateWorklistConfig(const WorklistConfig& config) {
  if (config.broken_lookback_days < 0 || config.promises.grace_days < 0 ||
      config.broken_lookback_days + config.promises.grace_days > kSummaryPromiseWindowDays) {
    return InvalidArgument("worklist look-back plus promise grace must be within 0.." +
                           std::to_string(kSummaryPromiseWindowDays) + " days");
  }
  if (config.broken_promises_counted_max < 0 || config.age_days_max < 0 ||
      config.contact_days_max < 0 || config.amount_points_per_decade < 0 ||
      config.age_points_per_day < 0 || config.broken_promise_points < 0 ||
      config.promise_due_points < 0 || config.contact_points_per_day < 0) {
    return InvalidArgument("worklist bounds and weights must not be negative");
  }
  return Status::Ok();
}

WorklistVerdict ScoreAccount(const v1::AccountSummary& summary, Date as_of,
                             const WorklistConfig& config, v1::WorklistEntry* entry) {
  entry->Clear();
  if (WorklistExcludes(summary.status(), summary.referral_open())) {
    return WorklistVerdict::kExcluded;
  }
  const PromiseFacts promises = JudgePromises(summary, as_of, config);
  if (promises.plan_being_kept) return WorklistVerdict::kExcluded;

  v1::ScoreParts* parts = entry->mutable_parts();
  parts->set_amount(ScoreAmounts(summary, as_of, config, entry));
  if (entry->overdue().empty() && !promises.promise_due) return WorklistVerdict::kNothingToChase;
  parts->set_age(config.age_points_per_day * std::min(entry->days_past_due(), config.age_days_max));
  parts->set_broken_promises(config.broken_promise_points *
                             std::min(promises.broken, config.broken_promises_counted_max));
  parts->set_promise_due(promises.promise_due ? config.promise_due_points : 0);
  parts->set_contact(config.contact_points_per_day * DaysSinceContact(summary, as_of, config));
  entry->set_score(parts->amount() + parts->age() + parts->broken_promises() +
                   parts->promise_due() + parts->contact());
  entry->set_account_id(summary.account_id());
  entry->set_name(summary.name());
  entry->set_broken_promises(promises.broken);
  entry->set_promise_due(promises.promise_due);
  entry->set_last_contact_date(summary.last_contact_date());
  entry->set_status(v1::AccountStatus_Name(summary.status()));
  return WorklistVerdict::kListed;
}

}  // namespace arledger
