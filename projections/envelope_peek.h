// PeekEnvelope: what decides a record's slice of a bulk pass (Projector::BeginSlice), read off
// its bytes without parsing the envelope, so that a later slice skips most of a pass's records
// at the cost of a scan of their top-level fields.
//
// A scan is not a parse: it does not look inside nested messages or check strings, so bytes
// that scan may still fail to parse. What it finds is what a successful parse would hold: the
// account id is the last `account_id` field (as a parse keeps), and a body that is a policy
// event is one whose `authority_policy_set` field appears (a parse could still end on another
// body after it: so "maybe a policy" is the safe reading, and the caller parses those).
#pragma once

#include <string_view>

namespace arledger {

struct EnvelopePeek {
  std::string_view account_id;  // Empty when the field is absent.
  bool maybe_policy = false;    // An authority_policy_set field appears.
};

// False when `value` does not scan as a message (the caller parses it to find out more).
bool PeekEnvelope(std::string_view value, EnvelopePeek* peek);

}  // namespace arledger
