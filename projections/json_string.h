// A string as protobuf's JSON printer writes it, for the writers that produce the printer's bytes
// directly (projections/aged_debt_json.cc, service/json_writer.h).
#pragma once

#include <string>
#include <string_view>

namespace arledger {

// Appends `text` quoted, escaping quote, backslash and control characters (the short forms where
// JSON has one), and '<', '>', DEL, U+2028 and U+2029 as \uXXXX, as protobuf's printer does.
void AppendJsonString(std::string* out, std::string_view text);

}  // namespace arledger
