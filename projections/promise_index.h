// The promise index: one entry per promise to pay and per payment-plan instalment, keyed by its
// due date, so "promises due on D" and "broken since D" are range scans, not account scans.
//
// Entries are kept whatever the promise's state (cancelled ones included): whether one is
// pending, kept, broken or cancelled depends on as_of and is judged at query time from the
// account's state (core/promises.h). The projector diffs an account's entries before and after
// a batch and writes only what changed. Pure helpers; thread-compatible.
#pragma once

#include <map>
#include <string>

#include "core/account_state.h"

namespace arledger {

// Key -> serialised v1::PromiseIndexEntry for every promise and instalment of `state`.
using PromiseIndexEntries = std::map<std::string, std::string>;
PromiseIndexEntries PromiseIndexOf(const AccountState& state);

}  // namespace arledger
