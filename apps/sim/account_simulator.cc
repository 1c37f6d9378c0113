// The action loop: run what is due today, in the order it was scheduled.
#include "sim/account_simulator.h"

#include <algorithm>

namespace arledger::sim {

bool AccountSimulator::Schedule(SimAccount* account, Action action) {
  action.day = std::max(action.day, day_);
  if (action.day >= world_.total_days) return false;
  account->actions.push_back(action);
  return true;
}

void AccountSimulator::RunDay(SimAccount* account, int32_t day) {
  day_ = day;
  for (int executed = 0;; ++executed) {
    auto due = std::find_if(account->actions.begin(), account->actions.end(),
                            [day](const Action& action) { return action.day == day; });
    if (due == account->actions.end()) break;
    if (executed == kActionsPerDayMax) {
      // A very busy day: whatever is left waits until tomorrow (dropped past the horizon).
      for (Action& action : account->actions) action.day = std::max(action.day, day + 1);
      std::erase_if(account->actions,
                    [this](const Action& action) { return action.day >= world_.total_days; });
      break;
    }
    const Action action = *due;
    account->actions.erase(due);
    Execute(account, action);
  }
  account->PruneInvoices();
  account->next_wake = account->EarliestActionDay();
}

void AccountSimulator::Execute(SimAccount* account, const Action& action) {
  switch (action.kind) {
    case ActionKind::kOpen:
      return Open(account);
    case ActionKind::kBill:
      return Bill(account);
    case ActionKind::kAdjust:
      return Adjust(account, action);
    case ActionKind::kPay:
    case ActionKind::kShortPay:
      return Pay(account, action);
    case ActionKind::kReverse:
      return Reverse(account, action);
    case ActionKind::kAllocate:
      return Allocate(account, action);
    case ActionKind::kRefund:
      return Refund(account, action.ref, action.amount_minor);
    case ActionKind::kChase:
      return Chase(account, action);
    case ActionKind::kResolveDispute:
      return ResolveDispute(account, action);
    case ActionKind::kInstalment:
      return Instalment(account, action);
    case ActionKind::kModifyPlan:
      return ModifyPlan(account, action);
    case ActionKind::kBreakPlan:
      return BreakPlan(account, action);
    case ActionKind::kCloseReferral:
      return CloseReferral(account, action);
    case ActionKind::kWriteOff:
      return RequestWriteOff(account, action);
    case ActionKind::kDecideWriteOff:
      return DecideWriteOff(account, action);
    case ActionKind::kWithdrawPromise:
      return WithdrawPromise(account, action);
  }
}

int32_t AccountSimulator::NextMonth(int32_t day, int day_of_month) const {
  int year = 0;
  int month = 0;
  int unused_day = 0;
  world_.start_date.AddDays(day).ToCivil(&year, &month, &unused_day);
  year += month / 12;
  month = month % 12 + 1;
  Result<Date> next = Date::FromCivil(year, month, day_of_month);  // day_of_month <= 28.
  ARLEDGER_CHECK(next.ok());
  return *next - world_.start_date;
}

}  // namespace arledger::sim
