// The collections detail of an account view: credit utilisation, promises and plans with their
// derived status, disputes, referrals and notes, all as of an explicit date.
//
// Adds to a view that BuildAccountView already filled (utilisation reads its balances). Records
// dated after as_of are left out; a dispute resolved or a referral closed after as_of shows as
// still open, a promise cancelled after as_of as not cancelled. Pure; thread-compatible.
#pragma once

#include "arledger/v1/api.pb.h"
#include "core/account_state.h"
#include "core/date.h"
#include "core/promises.h"

namespace arledger {

// Bound on the notes an account view carries (the newest); notes_total counts them all.
inline constexpr int kAccountViewNotesMax = 50;

void AddAccountDetails(const AccountState& state, Date as_of, const PromiseConfig& promises,
                       v1::AccountView* view);

}  // namespace arledger
