// Promise index entries of one account.
#include "projections/promise_index.h"

#include "arledger/v1/projection.pb.h"
#include "core/state_proto.h"
#include "core/status.h"
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

void Add(const AccountState& state, const std::string& id, int32_t instalment, Date due_date,
         const Money& amount, Date made_date, PromiseIndexEntries* entries) {
  v1::PromiseIndexEntry entry;
  entry.set_account_id(state.account_id);
  entry.set_collector_id(state.collector_id);
  entry.set_promise_id(id);
  entry.set_instalment(instalment);
  const std::string due = due_date.ToString();
  entry.set_due_date(due);
  ToProto(amount, entry.mutable_amount());
  entry.set_made_date(made_date.ToString());
  std::string value;
  ARLEDGER_CHECK(entry.SerializeToString(&value));
  (*entries)[PromiseKey(due, state.collector_id, state.account_id, id, instalment)] =
      std::move(value);
}

}  // namespace

PromiseIndexEntries PromiseIndexOf(const AccountState& state) {
  PromiseIndexEntries entries;
  for (const Promise& promise : state.promises) {
    Add(state, promise.promise_id, 0, promise.promise_date, promise.amount, promise.made_date,
        &entries);
  }
  for (const Plan& plan : state.plans) {
    for (size_t i = 0; i < plan.instalments.size(); ++i) {
      const Instalment& instalment = plan.instalments[i];
      Add(state, plan.plan_id, static_cast<int32_t>(i + 1), instalment.due_date, instalment.amount,
          plan.agreed_date, &entries);
    }
  }
  return entries;
}

}  // namespace arledger
