// Output helpers shared by ledgerctl's commands: JSON string quoting for the hand-built --json
// objects, and the text form of an account view (account, history). Pure formatting to stdout;
// not thread-safe (one command runs at a time).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "arledger/v1/api.pb.h"

namespace arledger::ctl {

// `text` as a JSON string literal, quotes included.
std::string JsonQuoted(std::string_view text);

// An RFC 3339 UTC timestamp with milliseconds, e.g. "2026-04-05T09:30:00.250Z".
std::string FormatTimestampMs(int64_t timestamp_ms);

// Prints `view` as text: balances per currency, then the open items.
void PrintAccountView(const v1::AccountView& view);

}  // namespace arledger::ctl
