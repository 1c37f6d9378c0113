#include "projections/account_queries.h"

#include <string>

namespace arledger {

Status QueryAccountView(const Store& store, std::string_view account_id, Date as_of,
                        const AgingConfig& aging, v1::AccountView* view) {
  v1::AccountState state;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(store.GetAccount(account_id, &state, &found));
  if (!found) return NotFound("account '" + std::string(account_id) + "' has no events");
  *view = BuildAccountView(state, as_of, aging);
  return Status::Ok();
}

}  // namespace arledger
