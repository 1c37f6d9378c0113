// RawWriteBatchBaseline: re-homes each operation of the projector's batch onto the raw
// database's column family of the same read model, then times the Write.
#include "tests/bench/raw_writebatch.h"

#include <cstdio>
#include <cstdlib>

#include "tests/bench/bench_util.h"

namespace arledger::bench {
namespace {

[[noreturn]] void Fail(const char* what, const rocksdb::Status& status) {
  std::fprintf(stderr, "bench apply: raw baseline: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

// Copies Puts and Deletes, by column family id, onto `handles` (what the projector writes).
class Rehome : public rocksdb::WriteBatch::Handler {
 public:
  Rehome(const std::vector<rocksdb::ColumnFamilyHandle*>& handles, rocksdb::WriteBatch* out)
      : handles_(handles), out_(out) {}
  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    ++count;
    return out_->Put(Handle(id), key, value);
  }
  rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
    ++count;
    return out_->Delete(Handle(id), key);
  }
  int64_t count = 0;

 private:
  rocksdb::ColumnFamilyHandle* Handle(uint32_t id) const {
    if (id >= handles_.size() || handles_[id] == nullptr) {
      Fail("column family id", rocksdb::Status::InvalidArgument(std::to_string(id)));
    }
    return handles_[id];
  }
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
  rocksdb::WriteBatch* out_;
};

}  // namespace

RawWriteBatchBaseline::RawWriteBatchBaseline(const Store& store, const std::string& directory) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = StoreOptions().write_buffer_bytes;
  rocksdb::DB* raw = nullptr;
  if (rocksdb::Status opened = rocksdb::DB::Open(options, directory, &raw); !opened.ok()) {
    Fail("open", opened);
  }
  db_.reset(raw);
  for (int model = 0; model < kReadModelCount; ++model) {
    rocksdb::ColumnFamilyHandle* theirs = store.handle(static_cast<ReadModel>(model));
    rocksdb::ColumnFamilyHandle* ours = nullptr;
    rocksdb::Status created = db_->CreateColumnFamily(options, theirs->GetName(), &ours);
    if (!created.ok()) Fail("create column family", created);
    if (handles_.size() <= theirs->GetID()) handles_.resize(theirs->GetID() + 1, nullptr);
    handles_[theirs->GetID()] = ours;
  }
}

RawWriteBatchBaseline::~RawWriteBatchBaseline() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
}

void RawWriteBatchBaseline::Write(const rocksdb::WriteBatch& batch) {
  copy_.Clear();
  Rehome rehome(handles_, &copy_);
  if (rocksdb::Status copied = batch.Iterate(&rehome); !copied.ok()) Fail("copy", copied);
  operations_ += rehome.count;
  bytes_ += static_cast<int64_t>(copy_.GetDataSize());
  Stopwatch watch;
  if (rocksdb::Status written = db_->Write(rocksdb::WriteOptions(), &copy_); !written.ok()) {
    Fail("write", written);
  }
  seconds_ += watch.Seconds();
}

}  // namespace arledger::bench
