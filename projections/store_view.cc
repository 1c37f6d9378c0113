// StoreView: snapshot reads and bounded range scans.
#include "projections/store_view.h"

#include <rocksdb/db.h>

#include "projections/account_value.h"
#include "projections/rocks_status.h"

namespace arledger {

StoreView::StoreView(const Store& store) : store_(store), snapshot_(store.db()->GetSnapshot()) {}

StoreView::~StoreView() { store_.db()->ReleaseSnapshot(snapshot_); }

Status StoreView::Get(ReadModel model, std::string_view key, std::string* value,
                      bool* found) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  rocksdb::Status status = store_.db()->Get(options, store_.handle(model),
                                            rocksdb::Slice(key.data(), key.size()), value);
  *found = false;
  if (status.IsNotFound()) return Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "reading " + std::string(ReadModelName(model))));
  *found = true;
  return Status::Ok();
}

Status StoreView::GetMessage(ReadModel model, std::string_view key,
                             google::protobuf::Message* message, bool* found) const {
  std::string value;
  ARLEDGER_RETURN_IF_ERROR(Get(model, key, &value, found));
  if (*found && !message->ParseFromString(value)) {
    return Corruption(std::string(ReadModelName(model)) + " value does not parse");
  }
  return Status::Ok();
}

Status StoreView::GetAccount(std::string_view account_id, AccountState* state, bool* found) const {
  std::string value;
  ARLEDGER_RETURN_IF_ERROR(Get(ReadModel::kAccounts, account_id, &value, found));
  if (*found) ARLEDGER_RETURN_IF_ERROR(DecodeStoredAccount(value, state));
  return Status::Ok();
}

Status StoreView::MultiGet(ReadModel model, const std::vector<std::string>& keys,
                           std::vector<std::string>* values) const {
  values->assign(keys.size(), std::string());
  if (keys.empty()) return Status::Ok();
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> pinned(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  store_.db()->MultiGet(options, store_.handle(model), keys.size(), slices.data(), pinned.data(),
                        statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    ARLEDGER_RETURN_IF_ERROR(FromRocks(statuses[i], "batched read"));
    (*values)[i].assign(pinned[i].data(), pinned[i].size());
  }
  return Status::Ok();
}

Status StoreView::ReadMeta(v1::ProjectionMeta* meta) const {
  bool found = false;
  meta->Clear();
  ARLEDGER_RETURN_IF_ERROR(GetMessage(ReadModel::kMeta, kMetaKey, meta, &found));
  if (!found) meta->set_projection_version(store_.projection_version());
  return Status::Ok();
}

Status StoreView::Scan(ReadModel model, std::string_view begin, std::string_view end,
                       const Visit& visit, size_t entries_max, bool* truncated) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  const rocksdb::Slice upper(end.data(), end.size());
  if (!end.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_.db()->NewIterator(options, store_.handle(model)));
  size_t visited = 0;
  if (truncated != nullptr) *truncated = false;
  for (it->Seek(rocksdb::Slice(begin.data(), begin.size())); it->Valid(); it->Next()) {
    if (visited == entries_max) {
      if (truncated != nullptr) *truncated = true;
      break;
    }
    ++visited;
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), "scanning " + std::string(ReadModelName(model)));
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) != 0xff) {
      end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace arledger
