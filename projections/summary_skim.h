// SkimSummary: what a serialised v1::AccountSummary's top-level fields say, read off the wire
// without parsing the message (no allocation, no UTF-8 check, nested messages skipped).
//
// The worklist and the aged debt scans use it to pass over the accounts that owe nothing and
// have no promise or plan (most of a healthy ledger) without paying for a full parse: such an
// account's verdict and its aged debt line (none) follow from these fields alone. Pure.
#pragma once

#include <string_view>

#include "arledger/v1/projection.pb.h"

namespace arledger {

struct SummarySkim {
  bool has_items = false;              // Field 7 (open items) occurs.
  bool has_promises_or_plans = false;  // Field 10 or 11 occurs.
  int status = 0;                      // Field 5, as v1::AccountStatus (last value wins).
  bool referral_open = false;          // Field 8 (last value wins).
  std::string_view horizon_date;       // Field 6, viewing `bytes` (last value wins).
};

// False when `bytes` is not a well-formed message on the wire (the caller then parses it and
// reports the corruption); groups, which the schema never uses, count as not well-formed.
bool SkimSummary(std::string_view bytes, SummarySkim* skim);

}  // namespace arledger
