// Operator librdkafka settings: the ones that would weaken durability or ordering are refused
// with the setting named, secrets never appear in descriptions or errors, and accepted
// settings really reach librdkafka (proved on the mock cluster: a valid one works end to end,
// an unknown one fails Open with its name).
#include "consumers/kafka_settings.h"

#include <gtest/gtest.h>

#include "consumers/event_log.h"
#include "tests/support/kafka_mock_cluster.h"

namespace arledger {
namespace {

TEST(KafkaSettingsTest, AcceptsSecurityAndTuningSettings) {
  const KafkaSettings settings = {{"security.protocol", "SASL_SSL"},
                                  {"sasl.mechanism", "SCRAM-SHA-512"},
                                  {"sasl.username", "ledgerd"},
                                  {"sasl.password", "hunter2"},
                                  {"ssl.ca.location", "/etc/arledger/ca.pem"},
                                  {"acks", "all"},
                                  {"acks", "-1"},
                                  {"enable.idempotence", "true"},
                                  {"linger.ms", "5"}};
  EXPECT_TRUE(CheckKafkaSettings(settings).ok());
}

TEST(KafkaSettingsTest, RefusesWeakerAcksAndNoIdempotenceNamingTheSetting) {
  for (const char* acks : {"1", "0", "leader"}) {
    const Status status = CheckKafkaSettings({{"acks", acks}});
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find(std::string("acks=") + acks), std::string::npos);
    EXPECT_NE(status.message().find("acks=all"), std::string::npos) << status.message();
  }
  EXPECT_FALSE(CheckKafkaSettings({{"request.required.acks", "1"}}).ok());
  const Status idempotence = CheckKafkaSettings({{"enable.idempotence", "false"}});
  EXPECT_NE(idempotence.message().find("enable.idempotence=false"), std::string::npos);
}

TEST(KafkaSettingsTest, RefusesSettingsArledgerOwns) {
  for (const char* name : {"bootstrap.servers", "group.id", "enable.auto.commit",
                           "auto.offset.reset", "partitioner", "message.timeout.ms"}) {
    const Status status = CheckKafkaSettings({{"linger.ms", "5"}, {name, "x"}});
    EXPECT_FALSE(status.ok()) << name;
    EXPECT_NE(status.message().find(name), std::string::npos) << status.message();
  }
}

TEST(KafkaSettingsTest, DescriptionRedactsPasswordsSecretsAndKeyMaterial) {
  const std::string described =
      DescribeKafkaSettings({{"sasl.username", "ledgerd"},
                             {"sasl.password", "hunter2"},
                             {"ssl.key.password", "k3y"},
                             {"sasl.oauthbearer.client.secret", "s3cret"},
                             {"ssl.key.pem", "-----BEGIN PRIVATE KEY-----"},
                             {"ssl.key.location", "/etc/arledger/client.key"}});
  for (const char* secret : {"hunter2", "k3y", "s3cret", "BEGIN PRIVATE KEY"}) {
    EXPECT_EQ(described.find(secret), std::string::npos) << described;
  }
  EXPECT_NE(described.find("sasl.username=ledgerd"), std::string::npos);
  EXPECT_NE(described.find("sasl.password=[redacted]"), std::string::npos);
  EXPECT_NE(described.find("ssl.key.location=/etc/arledger/client.key"), std::string::npos);
}

TEST(KafkaSettingsTest, SettingsReachLibrdkafka) {
  testing::KafkaMockCluster cluster;
  EventLogOptions options;
  options.kafka_settings = {{"client.id", "arledger-settings-test"}, {"linger.ms", "1"}};
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(cluster.spec(), kEventsTopic, options, &log).ok());
  std::vector<LogPosition> positions;
  ASSERT_TRUE(log->Append({{"ACME", "v", -1, 0}}, &positions).ok());
  EXPECT_EQ(positions.size(), 1u);

  options.kafka_settings = {{"no.such.setting", "1"}};
  const Status unknown = EventLog::Open(cluster.spec(), kEventsTopic, options, &log);
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("no.such.setting"), std::string::npos) << unknown.message();

  options.kafka_settings = {{"acks", "1"}};
  EXPECT_FALSE(EventLog::Open(cluster.spec(), kEventsTopic, options, &log).ok());
}

}  // namespace
}  // namespace arledger
