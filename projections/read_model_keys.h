// Key layouts of the collections read models, and the page tokens that resume a scan.
//
// A key is a sequence of components. A string component is written order-preservingly: its
// bytes, with each 0x00 doubled as 0x00 0xFF, then the terminator 0x00 0x01 — so any id (even
// one holding a NUL) round-trips, keys sort component by component, and a prefix of whole
// components selects exactly the keys that start with them. Integers are fixed-width big-endian,
// so they sort numerically.
//
//   history   account_id | sequence (u64)
//   worklist  collector_id | account_id
//   aging     kind (1 byte: 'c' collector, 'p' portfolio) | group | currency | due_date
//             kind | group                       (accounts of the group with open items)
//   promises  due_date | collector_id | account_id | promise or plan id | instalment (u32)
//   daily     currency | date
// Pure functions; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace arledger {

void AppendKeyComponent(std::string* key, std::string_view component);
// Reads one component from the front of `key` (advancing it); false when malformed.
bool ReadKeyComponent(std::string_view* key, std::string* component);

std::string HistoryPrefix(std::string_view account_id);
std::string HistoryKey(std::string_view account_id, int64_t sequence);
void AppendHistoryKey(std::string* out, std::string_view account_id, int64_t sequence);

std::string WorklistPrefix(std::string_view collector_id);
std::string WorklistKey(std::string_view collector_id, std::string_view account_id);

enum class AgingGroup : char { kCollector = 'c', kPortfolio = 'p' };
std::string AgingGroupPrefix(AgingGroup kind);
std::string AgingCountKey(AgingGroup kind, std::string_view group);
std::string AgingAmountKey(AgingGroup kind, std::string_view group, std::string_view currency,
                           std::string_view due_date);
struct AgingKeyParts {
  std::string group;
  bool is_count = false;  // (kind, group): the accounts count; no currency or due date.
  std::string currency;
  std::string due_date;
};
bool ParseAgingKey(std::string_view key, AgingKeyParts* parts);

std::string PromiseDatePrefix(std::string_view due_date);
std::string PromiseCollectorPrefix(std::string_view due_date, std::string_view collector_id);
std::string PromiseKey(std::string_view due_date, std::string_view collector_id,
                       std::string_view account_id, std::string_view promise_id,
                       int32_t instalment);

std::string DailyPrefix(std::string_view currency);
std::string DailyKey(std::string_view currency, std::string_view date);

// An opaque page token: the key to resume from, hex-encoded. Decoding rejects anything that is
// not even-length lowercase hex (InvalidArgument naming page_token).
std::string EncodePageToken(std::string_view resume_key);
Result<std::string> DecodePageToken(std::string_view token);

}  // namespace arledger
