// SortedTableBuffer: buffer, sort on inline key heads, write with SstFileWriter.
#include "projections/sorted_table_buffer.h"

#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "core/status.h"
#include "projections/rocks_status.h"

namespace arledger {
namespace {

uint64_t BigEndianWord(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
  return word;
}

}  // namespace

void SortedTableBuffer::Put(std::string_view key, std::string_view value) {
  // Offsets and sizes are 32-bit: a buffer is written out long before 4 GiB.
  ARLEDGER_CHECK(data_.size() + key.size() + value.size() <= std::numeric_limits<uint32_t>::max());
  ARLEDGER_CHECK(entries_.size() < std::numeric_limits<uint32_t>::max());
  Entry entry;
  char head[kInlineKeyBytes] = {};
  std::memcpy(head, key.data(), std::min(key.size(), kInlineKeyBytes));
  for (size_t word = 0; word < kInlineKeyBytes / 8; ++word) {
    entry.head[word] = BigEndianWord(head + 8 * word);
  }
  entry.offset = static_cast<uint32_t>(data_.size());
  entry.key_size = static_cast<uint32_t>(key.size());
  entry.value_size = static_cast<uint32_t>(value.size());
  entry.order = static_cast<uint32_t>(entries_.size());
  entries_.push_back(entry);
  data_.append(key);
  data_.append(value);
}

// Bytewise key order, then put order. Equal heads mean the keys agree on their first
// min(size, 24) bytes (the padding is only ever compared against real bytes of the longer key
// when the shorter one has ended), so only the bytes past 24 remain, then the sizes.
bool SortedTableBuffer::KeyLess(const Entry& a, const Entry& b, const char* data) {
  for (size_t word = 0; word < kInlineKeyBytes / 8; ++word) {
    if (a.head[word] != b.head[word]) return a.head[word] < b.head[word];
  }
  const size_t common = std::min(a.key_size, b.key_size);
  if (common > kInlineKeyBytes) {
    const int order = std::memcmp(data + a.offset + kInlineKeyBytes,
                                  data + b.offset + kInlineKeyBytes, common - kInlineKeyBytes);
    if (order != 0) return order < 0;
  }
  if (a.key_size != b.key_size) return a.key_size < b.key_size;
  return a.order < b.order;
}

bool SortedTableBuffer::SameKey(const Entry& a, const Entry& b, const char* data) {
  if (a.key_size != b.key_size) return false;
  for (size_t word = 0; word < kInlineKeyBytes / 8; ++word) {
    if (a.head[word] != b.head[word]) return false;
  }
  return a.key_size <= kInlineKeyBytes ||
         std::memcmp(data + a.offset + kInlineKeyBytes, data + b.offset + kInlineKeyBytes,
                     a.key_size - kInlineKeyBytes) == 0;
}

void SortedTableBuffer::SortEntries() {
  const char* data = data_.data();
  std::sort(entries_.begin(), entries_.end(),
            [data](const Entry& a, const Entry& b) { return KeyLess(a, b, data); });
}

Status SortedTableBuffer::WriteTable(const rocksdb::Options& options, const std::string& path) {
  if (entries_.empty()) return Status::Ok();
  SortEntries();
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options);
  ARLEDGER_RETURN_IF_ERROR(FromRocks(writer.Open(path), "opening table file " + path));
  const char* data = data_.data();
  for (size_t i = 0; i < entries_.size(); ++i) {
    // In key order the entries' bytes are scattered over the buffer (put order): fetching them
    // a few entries ahead overlaps those cache misses with the table's building.
    if (i + kPrefetchEntriesAhead < entries_.size()) {
      __builtin_prefetch(data + entries_[i + kPrefetchEntriesAhead].offset);
    }
    const Entry& entry = entries_[i];
    // Of equal keys, sorted by put order, only the last is written.
    if (i + 1 < entries_.size() && SameKey(entries_[i + 1], entry, data)) continue;
    const rocksdb::Slice key(data + entry.offset, entry.key_size);
    const rocksdb::Slice value(data + entry.offset + entry.key_size, entry.value_size);
    if (rocksdb::Status put = writer.Put(key, value); !put.ok()) {
      return FromRocks(put, "writing table file " + path);
    }
  }
  ARLEDGER_RETURN_IF_ERROR(FromRocks(writer.Finish(), "finishing table file " + path));
  data_.clear();
  entries_.clear();
  return Status::Ok();
}

}  // namespace arledger
