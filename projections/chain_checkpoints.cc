// Chain checkpoints: key layout, and reads and writes in the meta column family.
#include "projections/chain_checkpoints.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>

#include "core/sha256.h"

namespace arledger {
namespace {

constexpr size_t kPartitionBytes = 4;
constexpr size_t kOffsetBytes = 8;

void PutBigEndian(uint64_t value, size_t bytes, std::string* out) {
  for (size_t i = bytes; i-- > 0;) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t GetBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::string PartitionPrefix(int32_t partition) {
  std::string key(kChainCheckpointPrefix);
  PutBigEndian(static_cast<uint32_t>(partition), kPartitionBytes, &key);
  return key;
}

}  // namespace

std::string ChainCheckpointKey(int32_t partition, int64_t offset) {
  ARLEDGER_CHECK(partition >= 0 && offset >= 0);
  std::string key = PartitionPrefix(partition);
  PutBigEndian(static_cast<uint64_t>(offset), kOffsetBytes, &key);
  return key;
}

bool ParseChainCheckpointKey(std::string_view key, int32_t* partition, int64_t* offset) {
  if (key.size() != kChainCheckpointPrefix.size() + kPartitionBytes + kOffsetBytes ||
      !key.starts_with(kChainCheckpointPrefix)) {
    return false;
  }
  key.remove_prefix(kChainCheckpointPrefix.size());
  const uint64_t p = GetBigEndian(key.substr(0, kPartitionBytes));
  const uint64_t o = GetBigEndian(key.substr(kPartitionBytes));
  if (p > static_cast<uint64_t>(INT32_MAX) || o > static_cast<uint64_t>(INT64_MAX)) return false;
  *partition = static_cast<int32_t>(p);
  *offset = static_cast<int64_t>(o);
  return true;
}

void PutChainCheckpoint(const Store& store, int32_t partition, int64_t offset,
                        std::string_view head, rocksdb::WriteBatch* batch) {
  ARLEDGER_CHECK(head.size() == Sha256::kDigestBytes);
  ARLEDGER_CHECK(batch
                     ->Put(store.handle(ReadModel::kMeta), ChainCheckpointKey(partition, offset),
                           rocksdb::Slice(head.data(), head.size()))
                     .ok());
}

Status GetChainCheckpoint(const Store& store, int32_t partition, int64_t offset, std::string* head,
                          bool* found) {
  *found = false;
  const rocksdb::Status status =
      store.db()->Get(rocksdb::ReadOptions(), store.handle(ReadModel::kMeta),
                      ChainCheckpointKey(partition, offset), head);
  if (status.IsNotFound()) return Status::Ok();
  if (!status.ok()) return IoError("reading chain checkpoint: " + status.ToString());
  if (head->size() != Sha256::kDigestBytes) return Corruption("chain checkpoint is not a head");
  *found = true;
  return Status::Ok();
}

Status ReadChainCheckpoints(const Store& store, int32_t partition,
                            std::map<int64_t, std::string>* heads) {
  heads->clear();
  const std::string prefix = PartitionPrefix(partition);
  std::unique_ptr<rocksdb::Iterator> it(
      store.db()->NewIterator(rocksdb::ReadOptions(), store.handle(ReadModel::kMeta)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    int32_t parsed_partition = 0;
    int64_t offset = 0;
    if (!ParseChainCheckpointKey(it->key().ToStringView(), &parsed_partition, &offset) ||
        it->value().size() != Sha256::kDigestBytes) {
      return Corruption("malformed chain checkpoint in partition " + std::to_string(partition));
    }
    (*heads)[offset] = it->value().ToString();
  }
  if (!it->status().ok()) return IoError("scanning chain checkpoints: " + it->status().ToString());
  return Status::Ok();
}

}  // namespace arledger
