#include "sim/sim_account.h"

#include <algorithm>

namespace arledger::sim {

SimInvoice* SimAccount::FindInvoice(uint32_t number) {
  for (SimInvoice& invoice : invoices) {
    if (invoice.number == number) return &invoice;
  }
  return nullptr;
}

SimPlan* SimAccount::FindPlan(uint32_t number) {
  for (SimPlan& plan : plans) {
    if (plan.number == number) return &plan;
  }
  return nullptr;
}

Action* SimAccount::PendingPayment(uint32_t invoice) {
  for (Action& action : actions) {
    const bool pays = action.kind == ActionKind::kPay || action.kind == ActionKind::kShortPay ||
                      action.kind == ActionKind::kInstalment ||
                      action.kind == ActionKind::kAllocate;
    if (pays && action.invoice == invoice) return &action;
  }
  return nullptr;
}

int32_t SimAccount::NextBillDay() const {
  int32_t day = kNoDay;
  for (const Action& action : actions) {
    if (action.kind == ActionKind::kBill) day = std::min(day, action.day);
  }
  return day;
}

bool SimAccount::IsOldestChaseable(const SimInvoice& target) const {
  // The fold sorts open items by due date, stably in issue order, and takes the first with a
  // chaseable amount; invoices here are in issue order too.
  for (const SimInvoice& invoice : invoices) {
    if (&invoice == &target || invoice.chaseable_minor() <= 0) continue;
    if (invoice.due_day < target.due_day) return false;
    if (invoice.due_day == target.due_day && invoice.number < target.number) return false;
  }
  return target.chaseable_minor() > 0;
}

void SimAccount::PruneInvoices() {
  std::erase_if(invoices, [this](const SimInvoice& invoice) {
    if (invoice.open_minor > 0) return false;
    for (const Action& action : actions) {
      if (action.invoice == invoice.number) return false;
    }
    for (const SimPlan& plan : plans) {
      if (plan.invoice == invoice.number) return false;
    }
    return true;
  });
}

int32_t SimAccount::EarliestActionDay() const {
  int32_t day = kNoDay;
  for (const Action& action : actions) day = std::min(day, action.day);
  return day;
}

}  // namespace arledger::sim
