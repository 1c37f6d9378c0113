// Account queries: read an account's state from the store and build its view as of a date,
// with the collections detail (credit utilisation, promises and plans with derived status,
// disputes, referrals, notes: core/account_details.h).
//
// Thread-safe (reads only); each call sees one committed batch boundary.
#pragma once

#include <string_view>

#include "arledger/v1/api.pb.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/promises.h"
#include "core/status.h"
#include "projections/store.h"

namespace arledger {

// NotFound when the account has no events.
Status QueryAccountView(const Store& store, std::string_view account_id, Date as_of,
                        const AgingConfig& aging, v1::AccountView* view,
                        const PromiseConfig& promises = PromiseConfig());

}  // namespace arledger
