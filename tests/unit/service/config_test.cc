// ledgerd's configuration: a TOML file, overridden by the environment, overridden by flags.
// Proves the precedence, that every unknown key or bad value is refused with the key and its
// source named, that librdkafka settings pass through (quoted or dotted TOML keys), that unsafe
// producer settings and inline secrets are refused, that passwords come from the environment
// or a file, and that the start-up description never shows a secret.
#include "service/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "consumers/kafka_settings.h"
#include "tests/support/temp_dir.h"

namespace arledger {
namespace {

constexpr char kFullFile[] = R"(
[log]
spec = "kafka:broker1:9092,broker2:9092"
journal_partitions = 16
append_timeout_ms = 20000
kafka_metadata_timeout_ms = 5000
batch_records_max = 2000

[store]
directory = "/var/lib/arledger/store"

[http]
listen = "0.0.0.0:9090"
body_bytes_max = 1048576
read_timeout_seconds = 5

[service]
apply_wait_ms_max = 3000
publish_events_max = 500
projector_shards = 3

[logging]
level = "debug"
format = "text"

[kafka.librdkafka]
"security.protocol" = "SASL_SSL"
sasl.mechanism = "SCRAM-SHA-512"
"sasl.username" = "ledgerd"
"socket.keepalive.enable" = true
"linger.ms" = 5
)";

Status Load(const std::string& text, LedgerdConfig* config,
            std::map<std::string, std::string> environment = {},
            std::map<std::string, std::string> flags = {}) {
  return LoadConfig({text, "ledgerd.toml", std::move(environment), std::move(flags)}, config);
}

void ExpectRefused(const Status& status, const std::string& named) {
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find(named), std::string::npos) << status.message();
}

TEST(ConfigTest, EveryKeyOfTheFileLands) {
  LedgerdConfig config;
  ASSERT_TRUE(Load(kFullFile, &config).ok());
  EXPECT_EQ(config.service.log_spec, "kafka:broker1:9092,broker2:9092");
  EXPECT_EQ(config.service.log_options.journal_partitions, 16);
  EXPECT_EQ(config.service.log_options.append_timeout_ms, 20000);
  EXPECT_EQ(config.service.log_options.kafka_metadata_timeout_ms, 5000);
  EXPECT_EQ(config.service.loop_options.batch_records_max, 2000u);
  EXPECT_EQ(config.service.store_directory, "/var/lib/arledger/store");
  EXPECT_EQ(config.http.host, "0.0.0.0");
  EXPECT_EQ(config.http.port, 9090);
  EXPECT_EQ(config.http.body_bytes_max, 1048576u);
  EXPECT_EQ(config.http.read_timeout_seconds, 5);
  EXPECT_EQ(config.service.apply_wait_ms_max, 3000);
  EXPECT_EQ(config.service.publish_events_max, 500u);
  EXPECT_EQ(config.service.projector_shards, 3);
  EXPECT_EQ(config.logging.level, "debug");
  EXPECT_EQ(config.logging.format, "text");
  // In key order (a TOML table is unordered; toml++ iterates by key).
  const KafkaSettings expected = {{"linger.ms", "5"},
                                  {"sasl.mechanism", "SCRAM-SHA-512"},
                                  {"sasl.username", "ledgerd"},
                                  {"security.protocol", "SASL_SSL"},
                                  {"socket.keepalive.enable", "true"}};
  EXPECT_EQ(config.service.log_options.kafka_settings, expected);
}

TEST(ConfigTest, NoFileGivesTheDefaults) {
  LedgerdConfig config;
  ASSERT_TRUE(Load("", &config).ok());
  EXPECT_EQ(config.service.log_spec, ServiceOptions().log_spec);
  EXPECT_EQ(config.http.host, "127.0.0.1");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.logging.format, "json");
  EXPECT_TRUE(config.service.log_options.kafka_settings.empty());
}

TEST(ConfigTest, EnvironmentOverridesFileAndFlagsOverrideBoth) {
  LedgerdConfig config;
  ASSERT_TRUE(Load(kFullFile, &config,
                   {{"ARLEDGER_LISTEN", "127.0.0.1:7000"},
                    {"ARLEDGER_STORE", "/env/store"},
                    {"ARLEDGER_LOG_LEVEL", "warn"},
                    {"ARLEDGER_SEED", "ignored"}},
                   {{"store.directory", "/flag/store"}})
                  .ok());
  EXPECT_EQ(config.http.port, 7000);                         // environment over file
  EXPECT_EQ(config.service.store_directory, "/flag/store");  // flag over environment
  EXPECT_EQ(config.logging.level, "warn");
  EXPECT_EQ(config.service.log_spec, "kafka:broker1:9092,broker2:9092");  // file kept
}

TEST(ConfigTest, UnknownKeysAndTablesAreRefusedByName) {
  LedgerdConfig config;
  ExpectRefused(Load("[http]\nlisten_address = \"x:1\"\n", &config), "http.listen_address");
  ExpectRefused(Load("[htpp]\nlisten = \"x:1\"\n", &config), "htpp");
  ExpectRefused(Load("stor = 1\n", &config), "stor");
  ExpectRefused(Load("", &config, {}, {{"no.such", "1"}}), "no.such");
}

TEST(ConfigTest, BadValuesAreRefusedWithKeyAndSource) {
  LedgerdConfig config;
  ExpectRefused(Load("[http]\nlisten = \"nocolon\"\n", &config), "http.listen (from ledgerd.toml)");
  ExpectRefused(Load("[http]\nlisten = \"h:99999\"\n", &config), "http.listen");
  ExpectRefused(Load("[log]\njournal_partitions = \"8\"\n", &config), "must be an integer");
  ExpectRefused(Load("[log]\njournal_partitions = 0\n", &config), "log.journal_partitions");
  ExpectRefused(Load("[log]\nspec = 3\n", &config), "log.spec");
  ExpectRefused(Load("[logging]\nlevel = \"loud\"\n", &config), "logging.level");
  ExpectRefused(Load("[logging]\nformat = \"xml\"\n", &config), "logging.format");
  ExpectRefused(Load("", &config, {{"ARLEDGER_APPEND_TIMEOUT_MS", "30s"}}),
                "log.append_timeout_ms (from ARLEDGER_APPEND_TIMEOUT_MS)");
  ExpectRefused(Load("", &config, {}, {{"http.listen", ":"}}), "(from command line)");
  ExpectRefused(Load("[log\nspec = 1", &config), "ledgerd.toml");  // TOML syntax error
  ExpectRefused(Load("[store]\nkeep_previous_version = \"yes\"\n", &config),
                "store.keep_previous_version (from ledgerd.toml): must be true or false");
  ExpectRefused(Load("", &config, {{"ARLEDGER_STORE_KEEP_PREVIOUS_VERSION", "1"}}),
                "must be true or false");
  ASSERT_TRUE(Load("", &config, {{"ARLEDGER_STORE_KEEP_PREVIOUS_VERSION", "true"}}).ok());
  EXPECT_TRUE(config.service.keep_previous_store);
}

TEST(ConfigTest, UnsafeProducerSettingsAreRefused) {
  LedgerdConfig config;
  ExpectRefused(Load("[kafka.librdkafka]\nacks = 1\n", &config), "acks=1");
  ExpectRefused(Load("[kafka.librdkafka]\n\"enable.idempotence\" = false\n", &config),
                "enable.idempotence=false");
  ExpectRefused(Load("[kafka.librdkafka]\n\"bootstrap.servers\" = \"b:9092\"\n", &config),
                "bootstrap.servers");
  EXPECT_TRUE(Load("[kafka.librdkafka]\nacks = \"all\"\n", &config).ok());
}

TEST(ConfigTest, SecretsComeFromTheEnvironmentOrAFileNeverTheConfig) {
  LedgerdConfig config;
  ExpectRefused(Load("[kafka.librdkafka]\n\"sasl.password\" = \"hunter2\"\n", &config),
                "ARLEDGER_KAFKA_SASL_PASSWORD");
  ASSERT_TRUE(Load("", &config,
                   {{"ARLEDGER_KAFKA_SASL_PASSWORD", "from-env"},
                    {"ARLEDGER_KAFKA_SSL_KEY_PASSWORD", "key-pass"}})
                  .ok());
  const KafkaSettings from_environment = {{"sasl.password", "from-env"},
                                          {"ssl.key.password", "key-pass"}};
  EXPECT_EQ(config.service.log_options.kafka_settings, from_environment);

  testing::TempDir directory;
  const std::string path = directory.path() + "/kafka-password";
  std::ofstream(path) << "from-file\n";
  const std::string file = "[kafka]\nsasl_password_file = \"" + path + "\"\n";
  ASSERT_TRUE(Load(file, &config).ok());
  const KafkaSettings from_file = {{"sasl.password", "from-file"}};
  EXPECT_EQ(config.service.log_options.kafka_settings, from_file);
  ASSERT_TRUE(Load(file, &config, {{"ARLEDGER_KAFKA_SASL_PASSWORD", "env-wins"}}).ok());
  EXPECT_EQ(config.service.log_options.kafka_settings[0].second, "env-wins");
  ExpectRefused(Load("[kafka]\nsasl_password_file = \"/no/such/file\"\n", &config),
                "kafka.sasl_password_file");
}

TEST(ConfigTest, DescriptionShowsEverySettingButNoSecret) {
  LedgerdConfig config;
  ASSERT_TRUE(Load(kFullFile, &config, {{"ARLEDGER_KAFKA_SASL_PASSWORD", "hunter2"}}).ok());
  std::string all;
  for (const std::string& line : DescribeConfig(config)) all += line + "\n";
  EXPECT_EQ(all.find("hunter2"), std::string::npos) << all;
  EXPECT_NE(all.find("sasl.password=[redacted]"), std::string::npos) << all;
  EXPECT_NE(all.find("http.listen = 0.0.0.0:9090"), std::string::npos) << all;
  EXPECT_NE(all.find("sasl.username=ledgerd"), std::string::npos) << all;
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_NE(all.find(std::string(key.name) + " = "), std::string::npos) << key.name;
  }
}

TEST(ConfigTest, ExampleFileLoadsAndDocumentsEveryKeyAndVariable) {
  const std::string path = std::string(ARLEDGER_SOURCE_DIR) + "/ops/ledgerd.example.toml";
  std::ifstream file(path);
  ASSERT_TRUE(file) << path;
  std::ostringstream text;
  text << file.rdbuf();
  LedgerdConfig config;
  const Status loaded = Load(text.str(), &config);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  for (const ConfigKey& key : ConfigKeys()) {
    const std::string name(key.name);
    const std::string leaf = name.substr(name.rfind('.') + 1);
    EXPECT_NE(text.str().find(leaf + " = "), std::string::npos) << name << " undocumented";
    EXPECT_NE(text.str().find(key.environment), std::string::npos) << key.environment;
  }
}

// [auth] tokens_file: read into http.tokens (hashes only); a bad file stops the start with the
// key named; without it the API is open (tokens null).
TEST(ConfigTest, AuthTokensFileIsLoadedAndABadOneRefused) {
  LedgerdConfig config;
  ASSERT_TRUE(Load("", &config).ok());
  EXPECT_EQ(config.http.tokens, nullptr);

  testing::TempDir directory;
  const std::string path = directory.path() + "/tokens";
  std::ofstream(path) << "# ops team\n" << std::string(64, 'a') << " alice collector\n";
  ASSERT_TRUE(Load("[auth]\ntokens_file = \"" + path + "\"\n", &config).ok());
  ASSERT_NE(config.http.tokens, nullptr);
  EXPECT_EQ(config.http.tokens->size(), 1u);

  const std::string bad = directory.path() + "/bad-tokens";
  std::ofstream(bad) << "plain-token alice collector\n";
  ExpectRefused(Load("", &config, {{"ARLEDGER_AUTH_TOKENS_FILE", bad}}), "auth.tokens_file");
  ExpectRefused(Load("[auth]\ntokens_file = \"/no/such/tokens\"\n", &config), "auth.tokens_file");
}

}  // namespace
}  // namespace arledger
