// Which operator librdkafka settings are refused, and which are secret.
#include "consumers/kafka_settings.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace arledger {
namespace {

// A setting arledger sets itself on every client, and why an operator may not change it.
struct OwnedSetting {
  std::string_view name;
  std::string_view reason;
};

constexpr std::array<OwnedSetting, 10> kOwnedSettings = {{
    {"bootstrap.servers", "the brokers come from the log spec (kafka:HOST:PORT,...)"},
    {"metadata.broker.list", "the brokers come from the log spec (kafka:HOST:PORT,...)"},
    {"group.id", "readers start at the projection store's offsets and never join a group"},
    {"enable.auto.commit", "offsets live in the projection store, never in group commits"},
    {"enable.auto.offset.store", "offsets live in the projection store, never in group commits"},
    {"auto.offset.reset", "a start offset the cluster no longer holds must be an error"},
    {"partitioner", "accounts map to partitions by murmur2, as Kafka's Java client does"},
    {"message.timeout.ms", "it is the append bound (log.append_timeout_ms in the config)"},
    {"delivery.timeout.ms", "it is the append bound (log.append_timeout_ms in the config)"},
    {"transactional.id", "the idempotent producer is what arledger relies on"},
}};

// Fragments of names whose values are secrets or key material.
constexpr std::array<std::string_view, 5> kSecretFragments = {"password", "secret", ".pem", "jaas",
                                                              "oauthbearer.config"};

constexpr char kRedacted[] = "[redacted]";

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Status Refuse(const std::string& name, const std::string& value, std::string_view why) {
  return InvalidArgument("kafka setting " + name + "=" + value + " refused: " + std::string(why));
}

}  // namespace

Status CheckKafkaSettings(const KafkaSettings& settings) {
  for (const auto& [name, value] : settings) {
    if (name.empty()) return InvalidArgument("kafka setting with an empty name");
    const std::string lower_value = Lower(value);
    if (name == "acks" || name == "request.required.acks") {
      if (lower_value != "all" && lower_value != "-1") {
        return Refuse(name, value,
                      "arledger requires acks=all (-1): an event is acknowledged only once every "
                      "in-sync replica has it, so it survives the loss of a broker");
      }
      continue;
    }
    if (name == "enable.idempotence") {
      if (lower_value != "true") {
        return Refuse(name, value,
                      "arledger requires the idempotent producer: without it a retried send can "
                      "duplicate or reorder an account's events");
      }
      continue;
    }
    for (const OwnedSetting& owned : kOwnedSettings) {
      if (name == owned.name)
        return Refuse(name, IsSecretKafkaSetting(name) ? kRedacted : value,
                      "arledger sets it itself: " + std::string(owned.reason));
    }
  }
  return Status::Ok();
}

bool IsSecretKafkaSetting(std::string_view name) {
  const std::string lower = Lower(name);
  return std::any_of(
      kSecretFragments.begin(), kSecretFragments.end(),
      [&](std::string_view fragment) { return lower.find(fragment) != std::string::npos; });
}

std::string DescribeKafkaSettings(const KafkaSettings& settings) {
  std::string described;
  for (const auto& [name, value] : settings) {
    if (!described.empty()) described += ", ";
    described += name + "=" + (IsSecretKafkaSetting(name) ? std::string(kRedacted) : value);
  }
  return described;
}

}  // namespace arledger
