// Promise index entries of one account.
#include "projections/promise_index.h"

#include "arledger/v1/projection.pb.h"
#include "core/status.h"
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

void Add(const v1::AccountState& state, const std::string& id, int32_t instalment,
         const std::string& due_date, const v1::Money& amount, const std::string& made_date,
         PromiseIndexEntries* entries) {
  v1::PromiseIndexEntry entry;
  entry.set_account_id(state.account_id());
  entry.set_collector_id(state.collector_id());
  entry.set_promise_id(id);
  entry.set_instalment(instalment);
  entry.set_due_date(due_date);
  *entry.mutable_amount() = amount;
  entry.set_made_date(made_date);
  std::string value;
  ARLEDGER_CHECK(entry.SerializeToString(&value));
  (*entries)[PromiseKey(due_date, state.collector_id(), state.account_id(), id, instalment)] =
      std::move(value);
}

}  // namespace

PromiseIndexEntries PromiseIndexOf(const v1::AccountState& state) {
  PromiseIndexEntries entries;
  for (const v1::PromiseRecord& promise : state.promises()) {
    Add(state, promise.promise_id(), 0, promise.promise_date(), promise.amount(),
        promise.made_date(), &entries);
  }
  for (const v1::PlanRecord& plan : state.plans()) {
    for (int i = 0; i < plan.instalments_size(); ++i) {
      const v1::Instalment& instalment = plan.instalments(i);
      Add(state, plan.plan_id(), i + 1, instalment.due_date(), instalment.amount(),
          plan.agreed_date(), &entries);
    }
  }
  return entries;
}

}  // namespace arledger
