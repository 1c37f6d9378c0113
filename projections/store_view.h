// StoreView: one consistent, point-in-time view of every read model, for queries.
//
// A view holds a RocksDB snapshot: everything read through it comes from the same committed
// batch boundary, so a report that reads the meta, the aging index and the summaries never
// mixes two batches. Views are cheap to take and must not outlive their Store. A view is
// read-only and may be used from one thread at a time; take one per query.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "arledger/v1/projection.pb.h"
#include "core/account_state.h"
#include "core/status.h"
#include "projections/store.h"

namespace rocksdb {
class Snapshot;
}

namespace arledger {

class StoreView {
 public:
  explicit StoreView(const Store& store);
  ~StoreView();
  StoreView(const StoreView&) = delete;
  StoreView& operator=(const StoreView&) = delete;

  const Store& store() const { return store_; }

  // `found` false (and OK) when the key is absent.
  Status Get(ReadModel model, std::string_view key, std::string* value, bool* found) const;
  // Parses the value into `message`; Corruption when it does not parse.
  Status GetMessage(ReadModel model, std::string_view key, google::protobuf::Message* message,
                    bool* found) const;
  // The account's state (core/state_codec.h); Corruption when it does not decode.
  Status GetAccount(std::string_view account_id, AccountState* state, bool* found) const;
  Status MultiGet(ReadModel model, const std::vector<std::string>& keys,
                  std::vector<std::string>* values) const;
  Status ReadMeta(v1::ProjectionMeta* meta) const;

  // Visits keys in [begin, end) in order (end empty: to the last key) until `visit` returns
  // false. At most `entries_max` entries are visited; `*truncated` (if given) says whether the
  // bound stopped the scan.
  using Visit = std::function<bool(std::string_view key, std::string_view value)>;
  Status Scan(ReadModel model, std::string_view begin, std::string_view end, const Visit& visit,
              size_t entries_max = SIZE_MAX, bool* truncated = nullptr) const;

 private:
  const Store& store_;
  const rocksdb::Snapshot* snapshot_;
};

// The smallest key greater than every key starting with `prefix` ("" when there is none).
std::string PrefixEnd(std::string_view prefix);

}  // namespace arledger
