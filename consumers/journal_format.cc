// Encoding of journal keys and values (see journal_format.h).
#include "consumers/journal_format.h"

namespace arledger::journal {
namespace {

constexpr size_t kTimestampBytes = 8;

void PutBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t GetBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

}  // namespace

std::string EncodeRecordKey(int32_t partition, int64_t offset) {
  ARLEDGER_CHECK(partition >= 0 && offset >= 0);
  std::string key;
  key.reserve(kRecordKeyBytes);
  PutBigEndian(static_cast<uint32_t>(partition), 4, &key);
  PutBigEndian(static_cast<uint64_t>(offset), 8, &key);
  return key;
}

bool DecodeRecordKey(std::string_view key, int32_t* partition, int64_t* offset) {
  if (key.size() != kRecordKeyBytes) return false;
  const uint64_t p = GetBigEndian(key.substr(0, 4));
  const uint64_t o = GetBigEndian(key.substr(4, 8));
  if (p > static_cast<uint64_t>(INT32_MAX) || o > static_cast<uint64_t>(INT64_MAX)) return false;
  *partition = static_cast<int32_t>(p);
  *offset = static_cast<int64_t>(o);
  return true;
}

std::string EncodeRecordValue(uint32_t format_version, std::string_view key, int64_t timestamp_ms,
                              std::string_view value) {
  ARLEDGER_CHECK(key.size() <= UINT32_MAX);
  ARLEDGER_CHECK(format_version == kFormatVersion || format_version == kFormatVersionUntimed);
  std::string stored;
  stored.reserve(4 + key.size() + kTimestampBytes + value.size());
  PutBigEndian(key.size(), 4, &stored);
  stored.append(key);
  if (format_version == kFormatVersion) {
    PutBigEndian(static_cast<uint64_t>(timestamp_ms), static_cast<int>(kTimestampBytes), &stored);
  }
  stored.append(value);
  return stored;
}

Status DecodeRecordValue(uint32_t format_version, std::string_view stored, std::string* key,
                         int64_t* timestamp_ms, std::string* value) {
  if (stored.size() < 4) return Corruption("journal record shorter than its key length prefix");
  const uint64_t key_length = GetBigEndian(stored.substr(0, 4));
  if (key_length > stored.size() - 4) return Corruption("journal record key length out of range");
  key->assign(stored.substr(4, key_length));
  size_t value_start = 4 + key_length;
  *timestamp_ms = 0;
  if (format_version == kFormatVersion) {
    if (stored.size() - value_start < kTimestampBytes) {
      return Corruption("journal record shorter than its timestamp");
    }
    *timestamp_ms = static_cast<int64_t>(GetBigEndian(stored.substr(value_start, kTimestampBytes)));
    value_start += kTimestampBytes;
  }
  value->assign(stored.substr(value_start));
  return Status::Ok();
}

std::string EncodeUint32(uint32_t value) {
  std::string out;
  PutBigEndian(value, 4, &out);
  return out;
}

bool DecodeUint32(std::string_view bytes, uint32_t* value) {
  if (bytes.size() != 4) return false;
  *value = static_cast<uint32_t>(GetBigEndian(bytes));
  return true;
}

}  // namespace arledger::journal
