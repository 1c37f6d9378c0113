// RequireJsonRoundTrip: the fuzz targets' check that a message accepted from JSON prints
// (service/json.h ToJson) and parses back to an equal message — what lets ledgerctl and clients
// read back what ledgerd printed. NaN equals NaN here (JSON's "NaN" is a valid double).
// Aborts on a violation, so libFuzzer reports it. Pure; thread-compatible.
#pragma once

#include <google/protobuf/message.h>

namespace arledger::fuzz {

void RequireJsonRoundTrip(const google::protobuf::Message& message);

}  // namespace arledger::fuzz
