// LoadConfig: the TOML file, then the environment, then flags; Kafka settings and secrets.
#include "service/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "consumers/kafka_settings.h"
#include "service/config_keys.h"

namespace arledger {
namespace {

using config::ConfigError;
using config::ConfigValue;

constexpr char kLibrdkafkaTable[] = "kafka.librdkafka";
constexpr char kSaslPasswordEnvironment[] = "ARLEDGER_KAFKA_SASL_PASSWORD";
constexpr char kSslKeyPasswordEnvironment[] = "ARLEDGER_KAFKA_SSL_KEY_PASSWORD";
constexpr size_t kPasswordFileBytesMax = 4096;  // A password, not a document.

std::string DottedName(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

ConfigValue FromNode(const toml::node& node, const std::string& source) {
  ConfigValue value;
  value.source = source;
  if (const auto* text = node.as_string()) {
    value.type = ConfigValue::Type::kString;
    value.text = text->get();
  } else if (const auto* integer = node.as_integer()) {
    value.type = ConfigValue::Type::kInteger;
    value.integer = integer->get();
    value.text = std::to_string(value.integer);
  } else if (const auto* boolean = node.as_boolean()) {
    value.type = ConfigValue::Type::kBoolean;
    value.text = boolean->get() ? "true" : "false";
  } else {
    value.type = ConfigValue::Type::kOther;
  }
  return value;
}

// Replaces the setting `name` if present, otherwise appends it.
void SetKafkaSetting(const std::string& name, const std::string& value, KafkaSettings* settings) {
  for (auto& [existing, existing_value] : *settings) {
    if (existing == name) {
      existing_value = value;
      return;
    }
  }
  settings->emplace_back(name, value);
}

// [kafka.librdkafka]: "security.protocol" = "SSL" or, unquoted, security.protocol = "SSL"
// (a nested table in TOML's eyes): both give the librdkafka name with dots.
Status CollectLibrdkafka(const toml::table& table, const std::string& prefix,
                         const std::string& source, KafkaSettings* settings) {
  for (const auto& [key, node] : table) {
    const std::string name = DottedName(prefix, key.str());
    const std::string config_key = std::string(kLibrdkafkaTable) + "." + name;
    if (const auto* nested = node.as_table()) {
      ARLEDGER_RETURN_IF_ERROR(CollectLibrdkafka(*nested, name, source, settings));
      continue;
    }
    if (IsSecretKafkaSetting(name)) {
      return ConfigError(
          config_key, source,
          "secrets do not belong in the config file: set " + std::string(kSaslPasswordEnvironment) +
              " or kafka.sasl_password_file (sasl.password), " + kSslKeyPasswordEnvironment +
              " (ssl.key.password), or use ssl.*.location");
    }
    const ConfigValue value = FromNode(node, source);
    if (value.type == ConfigValue::Type::kOther) {
      return ConfigError(config_key, source, "must be a string, integer or boolean");
    }
    SetKafkaSetting(name, value.text, settings);
  }
  return Status::Ok();
}

bool IsKnownTable(const std::string& name) {
  if (name == kLibrdkafkaTable) return true;
  for (const ConfigKey& key : ConfigKeys()) {
    if (std::string_view(key.name).starts_with(name + ".")) return true;
  }
  return false;
}

Status ApplyTable(const toml::table& table, const std::string& prefix, const std::string& source,
                  LedgerdConfig* config) {
  for (const auto& [key, node] : table) {
    const std::string name = DottedName(prefix, key.str());
    if (const auto* nested = node.as_table()) {
      if (!IsKnownTable(name)) return ConfigError(name, source, "unknown table");
      if (name == kLibrdkafkaTable) {
        ARLEDGER_RETURN_IF_ERROR(
            CollectLibrdkafka(*nested, "", source, &config->service.log_options.kafka_settings));
      } else {
        ARLEDGER_RETURN_IF_ERROR(ApplyTable(*nested, name, source, config));
      }
      continue;
    }
    ARLEDGER_RETURN_IF_ERROR(config::ApplyConfigValue(name, FromNode(node, source), config));
  }
  return Status::Ok();
}

Status ApplyFile(const ConfigInputs& inputs, LedgerdConfig* config) {
  if (inputs.toml_text.empty()) return Status::Ok();
  const std::string source = inputs.toml_name.empty() ? "config file" : inputs.toml_name;
  toml::table table;
  try {
    table = toml::parse(inputs.toml_text, source);
  } catch (const toml::parse_error& error) {
    std::ostringstream where;
    where << error.source().begin;
    return InvalidArgument(source + ": " + std::string(error.description()) + " at " + where.str());
  }
  return ApplyTable(table, "", source, config);
}

Status ApplyEnvironmentAndFlags(const ConfigInputs& inputs, LedgerdConfig* config) {
  for (const ConfigKey& key : ConfigKeys()) {
    const auto found = inputs.environment.find(key.environment);
    if (found == inputs.environment.end()) continue;
    ARLEDGER_RETURN_IF_ERROR(config::ApplyConfigValue(
        key.name, {ConfigValue::Type::kText, found->second, 0, key.environment}, config));
  }
  for (const auto& [key, text] : inputs.flags) {
    ARLEDGER_RETURN_IF_ERROR(
        config::ApplyConfigValue(key, {ConfigValue::Type::kText, text, 0, "command line"}, config));
  }
  return Status::Ok();
}

Status ReadPasswordFile(const std::string& path, std::string* password) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return ConfigError("kafka.sasl_password_file", "config", "cannot read " + path);
  std::string text(kPasswordFileBytesMax + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  if (text.size() > kPasswordFileBytesMax) {
    return ConfigError("kafka.sasl_password_file", "config", path + " is too large for a password");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return ConfigError("kafka.sasl_password_file", "config", path + " is empty");
  *password = std::move(text);
  return Status::Ok();
}

// Secrets from the environment (or the password file), then the whole set checked.
Status ApplyKafkaSecrets(const ConfigInputs& inputs, LedgerdConfig* config) {
  KafkaSettings& settings = config->service.log_options.kafka_settings;
  const auto sasl = inputs.environment.find(kSaslPasswordEnvironment);
  if (sasl != inputs.environment.end()) {
    SetKafkaSetting("sasl.password", sasl->second, &settings);
  } else if (!config->kafka_sasl_password_file.empty()) {
    std::string password;
    ARLEDGER_RETURN_IF_ERROR(ReadPasswordFile(config->kafka_sasl_password_file, &password));
    SetKafkaSetting("sasl.password", password, &settings);
  }
  const auto key = inputs.environment.find(kSslKeyPasswordEnvironment);
  if (key != inputs.environment.end()) SetKafkaSetting("ssl.key.password", key->second, &settings);
  if (Status checked = CheckKafkaSettings(settings); !checked.ok()) {
    return InvalidArgument("config [" + std::string(kLibrdkafkaTable) + "]: " + checked.message());
  }
  return Status::Ok();
}

}  // namespace

Status LoadConfig(const ConfigInputs& inputs, LedgerdConfig* config) {
  LedgerdConfig loaded;
  ARLEDGER_RETURN_IF_ERROR(ApplyFile(inputs, &loaded));
  ARLEDGER_RETURN_IF_ERROR(ApplyEnvironmentAndFlags(inputs, &loaded));
  ARLEDGER_RETURN_IF_ERROR(ApplyKafkaSecrets(inputs, &loaded));
  if (!loaded.auth_tokens_file.empty()) {
    auto tokens = std::make_shared<TokenTable>();
    if (Status read = TokenTable::Load(loaded.auth_tokens_file, tokens.get()); !read.ok()) {
      return config::ConfigError("auth.tokens_file", "config", read.message());
    }
    loaded.http.tokens = std::move(tokens);
  }
  *config = std::move(loaded);
  return Status::Ok();
}

std::vector<std::string> DescribeConfig(const LedgerdConfig& config) {
  std::vector<std::string> lines = config::DescribeScalarKeys(config);
  lines.push_back(std::string(kLibrdkafkaTable) + " = {" +
                  DescribeKafkaSettings(config.service.log_options.kafka_settings) + "}");
  return lines;
}

}  // namespace arledger
