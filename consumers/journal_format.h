// How the journal lays records out in RocksDB (internal to consumers/).
//
// Record key: big-endian u32 partition then big-endian u64 offset (12 bytes), so RocksDB's
// bytewise order is (partition, offset) order and one partition is one contiguous range.
// Record value: big-endian u32 key length, the key bytes, then the value bytes exactly as
// appended. Partition count and format version live in the "meta" column family.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace arledger::journal {

inline constexpr size_t kRecordKeyBytes = 12;
inline constexpr char kMetaColumnFamily[] = "meta";
inline constexpr char kMetaPartitionCountKey[] = "partition_count";
inline constexpr char kMetaFormatVersionKey[] = "format_version";
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr int32_t kPartitionsMax = 4096;  // Bound on a journal's partition count.

std::string EncodeRecordKey(int32_t partition, int64_t offset);
// False when `key` is not a 12-byte record key.
bool DecodeRecordKey(std::string_view key, int32_t* partition, int64_t* offset);

std::string EncodeRecordValue(std::string_view key, std::string_view value);
Status DecodeRecordValue(std::string_view stored, std::string* key, std::string* value);

std::string EncodeUint32(uint32_t value);
bool DecodeUint32(std::string_view bytes, uint32_t* value);

}  // namespace arledger::journal
