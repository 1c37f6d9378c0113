// Operator-supplied librdkafka settings (security.protocol, sasl.*, ssl.*, tuning): which ones
// arledger accepts, and how to show them without secrets.
//
// The Kafka backend applies an operator's settings to every client it makes (the producer and
// each reader), before its own. Settings that would weaken durability or ordering are refused
// rather than silently overridden: acks other than all (-1), enable.idempotence other than
// true, and the settings arledger owns (brokers come from the log spec; readers never commit
// to a group and start at the store's offsets). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace arledger {

// librdkafka property name -> value, in the order they are applied.
using KafkaSettings = std::vector<std::pair<std::string, std::string>>;

// OK, or InvalidArgument naming the first refused setting and why.
Status CheckKafkaSettings(const KafkaSettings& settings);

// True for settings whose value must never be logged: passwords, secrets, key material.
bool IsSecretKafkaSetting(std::string_view name);

// "name=value, name=value" in order, every secret value shown as "[redacted]".
std::string DescribeKafkaSettings(const KafkaSettings& settings);

}  // namespace arledger
