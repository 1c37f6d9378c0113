// The accounts model's values: an AccountState in core/state_codec.h's encoding, as projection
// version 4 writes, or in its protobuf API form (v1::AccountState), as versions 2 and 3 wrote.
//
// This build still reads the older form so that during a blue/green rebuild after an upgrade the
// previous store keeps answering queries (service/store_generation.h) rather than the new one
// answering while it fills. The forms cannot be mistaken for each other: an encoding starts with
// its format byte (1), a serialised v1::AccountState with the tag of its account_id (0x0A).
// Only readers call this; the projector writes, and reads back, the encoding alone.
#pragma once

#include <string_view>

#include "core/account_state.h"
#include "core/status.h"

namespace arledger {

// Corruption when `value` is neither form.
Status DecodeStoredAccount(std::string_view value, AccountState* state);

}  // namespace arledger
