// How the journal lays records out in RocksDB (internal to consumers/).
//
// Record key: big-endian u32 partition then big-endian u64 offset (12 bytes), so RocksDB's
// bytewise order is (partition, offset) order and one partition is one contiguous range.
// Record value, format 2: big-endian u32 key length, the key bytes, the big-endian i64 record
// timestamp (ms since the Unix epoch), then the value bytes exactly as appended. Format 1
// (journals written before record timestamps) has no timestamp field; such a journal stays in
// format 1 for its whole life, since a log is never rewritten, and reads back timestamp 0.
// Partition count and format version live in the "meta" column family.
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
inline constexpr uint32_t kFormatVersionUntimed = 1;  // No record timestamps.
inline constexpr uint32_t kFormatVersion = 2;         // What a new journal is created with.
inline constexpr int32_t kPartitionsMax = 4096;       // Bound on a journal's partition count.

std::string EncodeRecordKey(int32_t partition, int64_t offset);
// False when `key` is not a 12-byte record key.
bool DecodeRecordKey(std::string_view key, int32_t* partition, int64_t* offset);

// `format_version` is the journal's: kFormatVersion, or kFormatVersionUntimed (which drops
// the timestamp on encoding and decodes it as 0).
std::string EncodeRecordValue(uint32_t format_version, std::string_view key, int64_t timestamp_ms,
                              std::string_view value);
Status DecodeRecordValue(uint32_t format_version, std::string_view stored, std::string* key,
                         int64_t* timestamp_ms, std::string* value);

std::string EncodeUint32(uint32_t value);
bool DecodeUint32(std::string_view bytes, uint32_t* value);

}  // namespace arledger::journal
