// Key encoding of the collections read models (see read_model_keys.h).
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

void AppendBigEndian(std::string* key, uint64_t value, int bytes) {
  char big_endian[8];
  for (int i = bytes - 1; i >= 0; --i, value >>= 8) big_endian[i] = static_cast<char>(value & 0xff);
  key->append(big_endian, static_cast<size_t>(bytes));
}

std::string Components(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (std::string_view part : parts) AppendKeyComponent(&key, part);
  return key;
}

}  // namespace

void AppendKeyComponent(std::string* key, std::string_view component) {
  // Runs without a NUL (all of most ids) are appended whole.
  for (size_t nul; (nul = component.find('\0')) != std::string_view::npos;) {
    key->append(component.data(), nul);
    key->append("\0\xff", 2);
    component.remove_prefix(nul + 1);
  }
  key->append(component);
  key->append("\0\x01", 2);
}

bool ReadKeyComponent(std::string_view* key, std::string* component) {
  component->clear();
  while (!key->empty()) {
    const char c = key->front();
    if (c != '\0') {
      component->push_back(c);
      key->remove_prefix(1);
      continue;
    }
    if (key->size() < 2) return false;
    const char next = (*key)[1];
    key->remove_prefix(2);
    if (next == '\x01') return true;
    if (next != '\xff') return false;
    component->push_back('\0');
  }
  return false;
}

std::string HistoryPrefix(std::string_view account_id) { return Components({account_id}); }

std::string HistoryKey(std::string_view account_id, int64_t sequence) {
  std::string key;
  AppendHistoryKey(&key, account_id, sequence);
  return key;
}

void AppendHistoryKey(std::string* out, std::string_view account_id, int64_t sequence) {
  AppendKeyComponent(out, account_id);
  AppendBigEndian(out, static_cast<uint64_t>(sequence), 8);
}

std::string WorklistPrefix(std::string_view collector_id) { return Components({collector_id}); }

std::string WorklistKey(std::string_view collector_id, std::string_view account_id) {
  return Components({collector_id, account_id});
}

std::string AgingGroupPrefix(AgingGroup kind) { return std::string(1, static_cast<char>(kind)); }

std::string AgingCountKey(AgingGroup kind, std::string_view group) {
  return AgingGroupPrefix(kind) + Components({group});
}

std::string AgingAmountKey(AgingGroup kind, std::string_view group, std::string_view currency,
                           std::string_view due_date) {
  return AgingGroupPrefix(kind) + Components({group, currency, due_date});
}

bool ParseAgingKey(std::string_view key, AgingKeyParts* parts) {
  if (key.empty()) return false;
  key.remove_prefix(1);
  if (!ReadKeyComponent(&key, &parts->group)) return false;
  parts->is_count = key.empty();
  if (parts->is_count) return true;
  return ReadKeyComponent(&key, &parts->currency) && ReadKeyComponent(&key, &parts->due_date) &&
         key.empty();
}

std::string PromiseDatePrefix(std::string_view due_date) { return Components({due_date}); }

std::string PromiseCollectorPrefix(std::string_view due_date, std::string_view collector_id) {
  return Components({due_date, collector_id});
}

std::string PromiseKey(std::string_view due_date, std::string_view collector_id,
                       std::string_view account_id, std::string_view promise_id,
                       int32_t instalment) {
  std::string key = Components({due_date, collector_id, account_id, promise_id});
  AppendBigEndian(&key, static_cast<uint32_t>(instalment), 4);
  return key;
}

std::string DailyPrefix(std::string_view currency) { return Components({currency}); }

std::string DailyKey(std::string_view currency, std::string_view date) {
  return Components({currency, date});
}

std::string EncodePageToken(std::string_view resume_key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (char c : resume_key) {
    token.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xf]);
    token.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
  }
  return token;
}

Result<std::string> DecodePageToken(std::string_view token) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (token.size() % 2 != 0) return InvalidArgument("page_token is not one this server issued");
  std::string key;
  for (size_t i = 0; i < token.size(); i += 2) {
    const int high = nibble(token[i]), low = nibble(token[i + 1]);
    if (high < 0 || low < 0) return InvalidArgument("page_token is not one this server issued");
    key.push_back(static_cast<char>(high << 4 | low));
  }
  return key;
}

}  // namespace arledger
