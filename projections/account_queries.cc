#include "projections/account_queries.h"

#include <string>

#include "core/account_details.h"

namespace arledger {

Status QueryAccountView(const Store& store, std::string_view account_id, Date as_of,
                        const AgingConfig& aging, v1::AccountView* view,
                        const PromiseConfig& promises) {
  AccountState state;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(store.GetAccount(account_id, &state, &found));
  if (!found) return NotFound("account '" + std::string(account_id) + "' has no events");
  *view = BuildAccountView(state, as_of, aging);
  AddAccountDetails(state, as_of, promises, view);
  return Status::Ok();
}

}  // namespace arledger
