// JSON <-> protobuf under the protobuf JSON mapping, with arledger's conventions:
// output uses the proto field names (snake_case) and prints zero values, so that a balance of
// 0 is visible; input accepts snake_case or lowerCamelCase and rejects unknown fields.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "core/status.h"

namespace arledger {

Status ParseJson(std::string_view json, google::protobuf::Message* message);
std::string ToJson(const google::protobuf::Message& message);

// A request body holding one JSON envelope or JSON lines (one envelope per non-empty line).
// On error, names the line.
Status ParseEnvelopes(std::string_view body, std::vector<v1::EventEnvelope>* events);

}  // namespace arledger
