// The table of ledgerd's scalar config keys (internal to config.cc): for each, its dotted name,
// its environment variable, the type and bounds of its value, and how it is set and shown.
// Thread-safe: the table is immutable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/config.h"

namespace arledger::config {

// A value on its way into LedgerdConfig: typed in TOML, or text from the environment or a flag.
struct ConfigValue {
  enum class Type { kText, kString, kInteger, kBoolean, kOther };
  Type type = Type::kText;
  std::string text;     // kText and kString: the text; otherwise the value as TOML prints it.
  int64_t integer = 0;  // kInteger.
  std::string source;   // Where it came from, for messages: "FILE", "ARLEDGER_LISTEN", "--listen".
};

// Sets scalar `key`. InvalidArgument naming the key and the source if `key` is unknown or the
// value has the wrong type or is out of bounds.
Status ApplyConfigValue(const std::string& key, const ConfigValue& value, LedgerdConfig* config);

// "key = value" for every scalar key, in table order.
std::vector<std::string> DescribeScalarKeys(const LedgerdConfig& config);

// "config key K (from SOURCE): WHAT": the one shape of every config error.
Status ConfigError(const std::string& key, const std::string& source, const std::string& what);

}  // namespace arledger::config
