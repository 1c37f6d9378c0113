// The stored form of an AccountState: a compact, deterministic binary encoding.
//
// The projector reads and writes every account a batch touches, so this is on the hot path of
// every apply and replay; protobuf's generated parser builds a message per record and a string
// per date. This encoding is a format-version byte, then every field of AccountState in
// declaration order: unsigned integers as LEB128 varints, signed ones zigzag-encoded, dates as
// a varint (0 for kNoDate, else zigzag(days) + 1), currencies as their three letters (three
// zero bytes when empty), strings and vectors as a varint count then their contents, optional
// values as a presence byte then the value. Equal states encode to equal bytes, so the store's
// digest is a function of the states.
//
// DecodeAccountState never trusts its input: a truncated or malformed value, trailing bytes, an
// unknown format version, a count larger than the bytes left, a currency not on the ISO list,
// a date outside 1900-01-01..9999-12-31, or a ledger out of (currency, ledger account) order
// (core/postings.h LedgerInOrder) is kCorruption; what it allocates stays proportional
// to the input's size. Pure; thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "core/account_state.h"
#include "core/status.h"

namespace arledger {

// The first byte of every encoded state; a new layout gets a new version.
inline constexpr char kAccountStateFormat = 1;

// Replaces `out` with the encoding of `state`.
void EncodeAccountState(const AccountState& state, std::string* out);

// Replaces `out` with the state `bytes` encode.
Status DecodeAccountState(std::string_view bytes, AccountState* out);

}  // namespace arledger
