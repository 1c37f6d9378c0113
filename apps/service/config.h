// LedgerdConfig: everything ledgerd starts with, from one TOML file, the environment and flags.
//
// Precedence, lowest first: built-in defaults, the TOML file (`ledgerd --config FILE`), the
// environment (ARLEDGER_* variables, one per key: see ConfigKeys()), command-line flags.
// Every key is documented in ops/ledgerd.example.toml. Unknown keys, values of the wrong type
// and values out of bounds are refused with the key (and where it came from) named, so a typo
// fails the start instead of being ignored.
//
// Kafka: `[kafka.librdkafka]` passes librdkafka settings through (security.protocol, sasl.*,
// ssl.*); they are checked by CheckKafkaSettings (no acks other than all, no idempotence off).
// Secrets never sit in the file: sasl.password comes from ARLEDGER_KAFKA_SASL_PASSWORD or the
// file named by kafka.sasl_password_file, ssl.key.password from ARLEDGER_KAFKA_SSL_KEY_PASSWORD.
//
// Access: `[auth] tokens_file` names the bearer tokens file (service/access.h); LoadConfig
// reads it into http.tokens. Without it the HTTP API is open (ledgerd warns at start).
//
// LoadConfig is a function of its inputs (it reads only the password and tokens files it is
// pointed at), so it is unit-tested without starting anything. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/http_api.h"
#include "service/ledger_service.h"

namespace arledger {

struct LoggingOptions {
  std::string level = "info";   // trace, debug, info, warn, error, critical, off.
  std::string format = "json";  // json: one JSON object per line; text: spdlog's default.
};

struct LedgerdConfig {
  ServiceOptions service;  // Kafka settings in service.log_options.kafka_settings.
  HttpOptions http;
  LoggingOptions logging;
  std::string kafka_sasl_password_file;  // Read into sasl.password unless the environment has it.
  std::string auth_tokens_file;  // [auth] tokens_file, read into http.tokens; empty: API open.
};

// What LoadConfig reads. Keys of `flags` are config keys ("http.listen"), values as typed.
struct ConfigInputs {
  std::string toml_text;                           // Empty: no file.
  std::string toml_name;                           // The file's path, for messages.
  std::map<std::string, std::string> environment;  // Only the ARLEDGER_* entries are read.
  std::map<std::string, std::string> flags;
};

// Fills `config` from defaults, then the file, the environment and the flags, in that order.
// InvalidArgument naming the key and its source on any unknown key or bad value.
Status LoadConfig(const ConfigInputs& inputs, LedgerdConfig* config);

// One line per effective setting, "key = value", with secrets shown as [redacted]: what
// ledgerd logs at start.
std::vector<std::string> DescribeConfig(const LedgerdConfig& config);

// One known scalar key: its dotted name and the environment variable that overrides it.
struct ConfigKey {
  const char* name;
  const char* environment;
};
const std::vector<ConfigKey>& ConfigKeys();

}  // namespace arledger
