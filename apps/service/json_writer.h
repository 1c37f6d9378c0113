// A direct JSON writer for the API's plain messages: the bytes protobuf's JSON printer writes
// under arledger's options (proto field names, zero values printed), without the printer's cost.
//
// The printer serialises the message, then re-reads it through a type resolver and a stream of
// converters: perf of the query bench put ~30 % of its CPU in libprotobuf, most of it there, and
// an account view's JSON cost several times its query. This walks the message by reflection and
// writes the JSON at once. It takes only "plain" message types — proto3, scalar, string, enum,
// double, message and repeated fields, proto3 `optional`; no maps, oneofs, bytes, floats or
// google.protobuf types — and anything else goes to the printer (service/json.h's ToJson does
// that). tests/unit/service/json_writer_test.cc holds the two byte for byte together over
// seeded random messages of every API type.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

namespace arledger {

// True when WriteJsonDirect writes `type` (and every message type it contains). Cached.
bool IsPlainForJson(const google::protobuf::Descriptor* type);

// Appends `message` as JSON when its type is plain and returns true; otherwise appends nothing
// and returns false.
bool WriteJsonDirect(const google::protobuf::Message& message, std::string* out);

}  // namespace arledger
