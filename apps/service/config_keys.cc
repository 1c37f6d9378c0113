// The scalar config keys: names, environment variables, bounds, setters and getters.
#include "service/config_keys.h"

#include <charconv>
#include <functional>
#include <limits>

namespace arledger::config {
namespace {

// Bounds on numeric keys: wide enough for any sane deployment, narrow enough to catch a slip
// of units (seconds for milliseconds) or a missing digit.
constexpr int64_t kJournalPartitionsMax = 1024;
constexpr int64_t kTimeoutMsMax = 600'000;
constexpr int64_t kReadTimeoutSecondsMax = 600;
constexpr int64_t kBodyBytesMin = 1024;
constexpr int64_t kBodyBytesMax = int64_t{1} << 30;
constexpr int64_t kPublishEventsMax = 1'000'000;
constexpr int64_t kBatchRecordsMax = 1'000'000;
constexpr int64_t kAccountCacheMbMax = 1 << 20;  // 1 TiB.

enum class Kind { kString, kInteger, kBoolean, kListen, kLogLevel, kLogFormat };

struct KeySpec {
  const char* name;
  const char* environment;
  Kind kind;
  int64_t min = 0;
  int64_t max = 0;
  std::function<void(LedgerdConfig*, const std::string&, int64_t)> set;
  std::function<std::string(const LedgerdConfig&)> get;
};

// "HOST:PORT" into http; false when it is not one.
bool SetListen(const std::string& listen, HttpOptions* http) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  int port = -1;
  const char* begin = listen.data() + colon + 1;
  const char* end = listen.data() + listen.size();
  const auto [stop, error] = std::from_chars(begin, end, port);
  if (error != std::errc() || stop != end || begin == end || port < 0 || port > 65535) return false;
  http->host = listen.substr(0, colon);
  http->port = port;
  return true;
}

const std::vector<KeySpec>& Table() {
  using C = LedgerdConfig;
  using S = const std::string&;
  static const std::vector<KeySpec> table = {
      {"log.spec", "ARLEDGER_LOG", Kind::kString, 0, 0,
       [](C* c, S v, int64_t) { c->service.log_spec = v; },
       [](const C& c) { return c.service.log_spec; }},
      {"log.journal_partitions", "ARLEDGER_JOURNAL_PARTITIONS", Kind::kInteger, 1,
       kJournalPartitionsMax,
       [](C* c, S, int64_t n) { c->service.log_options.journal_partitions = static_cast<int>(n); },
       [](const C& c) { return std::to_string(c.service.log_options.journal_partitions); }},
      {"log.append_timeout_ms", "ARLEDGER_APPEND_TIMEOUT_MS", Kind::kInteger, 1, kTimeoutMsMax,
       [](C* c, S, int64_t n) { c->service.log_options.append_timeout_ms = static_cast<int>(n); },
       [](const C& c) { return std::to_string(c.service.log_options.append_timeout_ms); }},
      {"log.kafka_metadata_timeout_ms", "ARLEDGER_KAFKA_METADATA_TIMEOUT_MS", Kind::kInteger, 1,
       kTimeoutMsMax,
       [](C* c, S, int64_t n) {
         c->service.log_options.kafka_metadata_timeout_ms = static_cast<int>(n);
       },
       [](const C& c) { return std::to_string(c.service.log_options.kafka_metadata_timeout_ms); }},
      {"log.batch_records_max", "ARLEDGER_BATCH_RECORDS_MAX", Kind::kInteger, 1, kBatchRecordsMax,
       [](C* c, S, int64_t n) { c->service.loop_options.batch_records_max = n; },
       [](const C& c) { return std::to_string(c.service.loop_options.batch_records_max); }},
      {"store.directory", "ARLEDGER_STORE", Kind::kString, 0, 0,
       [](C* c, S v, int64_t) { c->service.store_directory = v; },
       [](const C& c) { return c.service.store_directory; }},
      {"store.keep_previous_version", "ARLEDGER_STORE_KEEP_PREVIOUS_VERSION", Kind::kBoolean, 0, 0,
       [](C* c, S v, int64_t) { c->service.keep_previous_store = v == "true"; },
       [](const C& c) { return std::string(c.service.keep_previous_store ? "true" : "false"); }},
      {"http.listen", "ARLEDGER_LISTEN", Kind::kListen, 0, 0,
       [](C* c, S v, int64_t) { SetListen(v, &c->http); },
       [](const C& c) { return c.http.host + ":" + std::to_string(c.http.port); }},
      {"http.body_bytes_max", "ARLEDGER_HTTP_BODY_BYTES_MAX", Kind::kInteger, kBodyBytesMin,
       kBodyBytesMax, [](C* c, S, int64_t n) { c->http.body_bytes_max = static_cast<size_t>(n); },
       [](const C& c) { return std::to_string(c.http.body_bytes_max); }},
      {"http.read_timeout_seconds", "ARLEDGER_HTTP_READ_TIMEOUT_SECONDS", Kind::kInteger, 1,
       kReadTimeoutSecondsMax,
       [](C* c, S, int64_t n) { c->http.read_timeout_seconds = static_cast<int>(n); },
       [](const C& c) { return std::to_string(c.http.read_timeout_seconds); }},
      {"service.apply_wait_ms_max", "ARLEDGER_APPLY_WAIT_MS_MAX", Kind::kInteger, 0, kTimeoutMsMax,
       [](C* c, S, int64_t n) { c->service.apply_wait_ms_max = static_cast<int>(n); },
       [](const C& c) { return std::to_string(c.service.apply_wait_ms_max); }},
      {"service.publish_events_max", "ARLEDGER_PUBLISH_EVENTS_MAX", Kind::kInteger, 1,
       kPublishEventsMax,
       [](C* c, S, int64_t n) { c->service.publish_events_max = static_cast<size_t>(n); },
       [](const C& c) { return std::to_string(c.service.publish_events_max); }},
      {"service.projector_shards", "ARLEDGER_PROJECTOR_SHARDS", Kind::kInteger, 1,
       kProjectorShardsMax,
       [](C* c, S, int64_t n) { c->service.projector_shards = static_cast<int>(n); },
       [](const C& c) { return std::to_string(c.service.projector_shards); }},
      {"service.account_cache_mb", "ARLEDGER_ACCOUNT_CACHE_MB", Kind::kInteger, 0,
       kAccountCacheMbMax,
       [](C* c, S, int64_t n) { c->service.account_cache_bytes = static_cast<size_t>(n) << 20; },
       [](const C& c) { return std::to_string(c.service.account_cache_bytes >> 20); }},
      {"logging.level", "ARLEDGER_LOG_LEVEL", Kind::kLogLevel, 0, 0,
       [](C* c, S v, int64_t) { c->logging.level = v; },
       [](const C& c) { return c.logging.level; }},
      {"logging.format", "ARLEDGER_LOG_FORMAT", Kind::kLogFormat, 0, 0,
       [](C* c, S v, int64_t) { c->logging.format = v; },
       [](const C& c) { return c.logging.format; }},
      {"auth.tokens_file", "ARLEDGER_AUTH_TOKENS_FILE", Kind::kString, 0, 0,
       [](C* c, S v, int64_t) { c->auth_tokens_file = v; },
       [](const C& c) { return c.auth_tokens_file; }},
      {"kafka.sasl_password_file", "ARLEDGER_KAFKA_SASL_PASSWORD_FILE", Kind::kString, 0, 0,
       [](C* c, S v, int64_t) { c->kafka_sasl_password_file = v; },
       [](const C& c) { return c.kafka_sasl_password_file; }},
  };
  return table;
}

const KeySpec* Find(const std::string& key) {
  for (const KeySpec& spec : Table()) {
    if (key == spec.name) return &spec;
  }
  return nullptr;
}

// The integer in `value` (TOML integer, or decimal text), or why there is none.
Status ReadInteger(const KeySpec& spec, const ConfigValue& value, int64_t* integer) {
  if (value.type == ConfigValue::Type::kInteger) {
    *integer = value.integer;
  } else if (value.type == ConfigValue::Type::kText) {
    const char* end = value.text.data() + value.text.size();
    const auto [stop, error] = std::from_chars(value.text.data(), end, *integer);
    if (error != std::errc() || stop != end || value.text.empty()) {
      return ConfigError(spec.name, value.source, "'" + value.text + "' is not an integer");
    }
  } else {
    return ConfigError(spec.name, value.source, "must be an integer");
  }
  if (*integer < spec.min || *integer > spec.max) {
    return ConfigError(spec.name, value.source,
                       std::to_string(*integer) + " is outside [" + std::to_string(spec.min) +
                           ", " + std::to_string(spec.max) + "]");
  }
  return Status::Ok();
}

// A TOML boolean, or the text true or false (environment, flags).
Status CheckBoolean(const KeySpec& spec, const ConfigValue& value) {
  const bool typed =
      value.type == ConfigValue::Type::kBoolean || value.type == ConfigValue::Type::kText;
  if (!typed || (value.text != "true" && value.text != "false")) {
    return ConfigError(spec.name, value.source, "must be true or false");
  }
  return Status::Ok();
}

// Checks a text value against its kind; empty strings are refused everywhere.
Status CheckText(const KeySpec& spec, const ConfigValue& value) {
  if (value.type != ConfigValue::Type::kText && value.type != ConfigValue::Type::kString) {
    return ConfigError(spec.name, value.source, "must be a string");
  }
  const std::string& text = value.text;
  if (text.empty()) return ConfigError(spec.name, value.source, "must not be empty");
  if (spec.kind == Kind::kListen) {
    HttpOptions probe;
    if (!SetListen(text, &probe)) {
      return ConfigError(spec.name, value.source,
                         "'" + text + "' is not HOST:PORT with a port in 0..65535");
    }
  }
  if (spec.kind == Kind::kLogLevel) {
    for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
      if (text == level) return Status::Ok();
    }
    return ConfigError(
        spec.name, value.source,
        "'" + text + "' is not one of trace, debug, info, warn, error, critical, off");
  }
  if (spec.kind == Kind::kLogFormat && text != "json" && text != "text") {
    return ConfigError(spec.name, value.source, "'" + text + "' is not json or text");
  }
  return Status::Ok();
}

}  // namespace

Status ConfigError(const std::string& key, const std::string& source, const std::string& what) {
  return InvalidArgument("config key " + key + " (from " + source + "): " + what);
}

Status ApplyConfigValue(const std::string& key, const ConfigValue& value, LedgerdConfig* config) {
  const KeySpec* spec = Find(key);
  if (spec == nullptr) return ConfigError(key, value.source, "unknown key");
  int64_t integer = 0;
  if (spec->kind == Kind::kInteger) {
    ARLEDGER_RETURN_IF_ERROR(ReadInteger(*spec, value, &integer));
  } else if (spec->kind == Kind::kBoolean) {
    ARLEDGER_RETURN_IF_ERROR(CheckBoolean(*spec, value));
  } else {
    ARLEDGER_RETURN_IF_ERROR(CheckText(*spec, value));
  }
  spec->set(config, value.text, integer);
  return Status::Ok();
}

std::vector<std::string> DescribeScalarKeys(const LedgerdConfig& config) {
  std::vector<std::string> lines;
  for (const KeySpec& spec : Table())
    lines.push_back(std::string(spec.name) + " = " + spec.get(config));
  return lines;
}

}  // namespace arledger::config

namespace arledger {

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> made;
    for (const config::KeySpec& spec : config::Table())
      made.push_back({spec.name, spec.environment});
    return made;
  }();
  return keys;
}

}  // namespace arledger
