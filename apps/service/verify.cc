#include "service/verify.h"

#include <google/protobuf/util/message_differencer.h>
#include <rocksdb/db.h>

#include <filesystem>

#include "arledger/v1/projection.pb.h"
#include "core/state_proto.h"
#include "projections/account_value.h"
#include "service/replay.h"

namespace arledger {
namespace {

constexpr size_t kDifferenceChars = 2000;  // Bound on the description of one difference.

std::string Printable(const rocksdb::Slice& key) {
  std::string out;
  for (char c : key.ToString()) {
    if (c == '\0') {
      out += " / ";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += "\\x" + std::to_string(static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// An empty message of the type `model` stores as values (account states are stored in
// core/state_codec.h's encoding and compared in their API form, v1::AccountState).
std::unique_ptr<google::protobuf::Message> ValueMessage(ReadModel model) {
  switch (model) {
    case ReadModel::kAccounts:
      return std::make_unique<v1::AccountState>();
    case ReadModel::kEvents:
      return std::make_unique<v1::EventRecord>();
    case ReadModel::kMeta:
      return std::make_unique<v1::ProjectionMeta>();
    case ReadModel::kHistory:
      return std::make_unique<v1::HistoryRecord>();
    case ReadModel::kWorklist:
      return std::make_unique<v1::AccountSummary>();
    case ReadModel::kAging:
      return std::make_unique<v1::AgingIndexValue>();
    case ReadModel::kPromises:
      return std::make_unique<v1::PromiseIndexEntry>();
    case ReadModel::kDaily:
      return std::make_unique<v1::DailyTotals>();
  }
  return nullptr;
}

// Reads a stored value of `model` into `message` (ValueMessage's type); false when it does not
// parse (or decode).
bool ReadValue(ReadModel model, const std::string& value, google::protobuf::Message* message) {
  if (model != ReadModel::kAccounts) return message->ParseFromString(value);
  AccountState state;
  if (!DecodeStoredAccount(value, &state).ok()) return false;
  ToProto(state, static_cast<v1::AccountState*>(message));
  return true;
}

// Describes how two values of `model` differ, field by field where they parse.
std::string DescribeValues(ReadModel model, const std::string& live, const std::string& rebuilt) {
  std::unique_ptr<google::protobuf::Message> a = ValueMessage(model), b = ValueMessage(model);
  if (a == nullptr) return "values differ";
  if (!ReadValue(model, live, a.get()) || !ReadValue(model, rebuilt, b.get())) {
    return "values differ (unparseable)";
  }
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  differencer.Compare(*a, *b);
  if (diff.size() > kDifferenceChars) diff = diff.substr(0, kDifferenceChars) + "...";
  return "live -> rebuilt: " + diff;
}

// Walks both stores' `model` in key order to the first key whose presence or value differs.
Status FirstDifference(const Store& live, const Store& rebuilt, ReadModel model,
                       ReadModelVerdict* verdict) {
  std::unique_ptr<rocksdb::Iterator> a(
      live.db()->NewIterator(rocksdb::ReadOptions(), live.handle(model)));
  std::unique_ptr<rocksdb::Iterator> b(
      rebuilt.db()->NewIterator(rocksdb::ReadOptions(), rebuilt.handle(model)));
  for (a->SeekToFirst(), b->SeekToFirst(); a->Valid() || b->Valid(); a->Next(), b->Next()) {
    if (!b->Valid() || (a->Valid() && a->key().compare(b->key()) < 0)) {
      verdict->first_difference_key = Printable(a->key());
      verdict->first_difference = "present in the live store only";
      return Status::Ok();
    }
    if (!a->Valid() || a->key().compare(b->key()) > 0) {
      verdict->first_difference_key = Printable(b->key());
      verdict->first_difference = "missing from the live store";
      return Status::Ok();
    }
    if (a->value() != b->value()) {
      verdict->first_difference_key = Printable(a->key());
      verdict->first_difference =
          DescribeValues(model, a->value().ToString(), b->value().ToString());
      return Status::Ok();
    }
  }
  if (!a->status().ok() || !b->status().ok()) return IoError("scanning stores for differences");
  return Status::Ok();
}

}  // namespace

Status VerifyStore(EventLog* events, const std::string& live_store_directory,
                   const std::string& scratch_directory, Progress* progress, VerifyReport* report) {
  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  std::unique_ptr<Store> live;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(live_store_directory, read_only, &live));
  v1::ProjectionMeta meta;
  ARLEDGER_RETURN_IF_ERROR(live->ReadMeta(&meta));
  ReplayOptions options;
  options.progress = progress;
  options.stop_offsets.assign(static_cast<size_t>(meta.partitions_size()), 0);
  for (const v1::PartitionMeta& partition : meta.partitions()) {
    options.stop_offsets[static_cast<size_t>(partition.partition())] = partition.next_offset();
  }
  ReplayReport replayed;
  Status status = ReplayInto(events, scratch_directory, options, &replayed);
  std::unique_ptr<Store> rebuilt;
  if (status.ok()) status = Store::Open(scratch_directory, StoreOptions(), &rebuilt);
  StoreDigest live_digest;
  if (status.ok()) status = live->ComputeDigest(&live_digest);
  report->records_replayed = replayed.records;
  report->passed = status.ok();
  for (int m = 0; m < kReadModelCount && status.ok(); ++m) {
    const auto model = static_cast<ReadModel>(m);
    ReadModelVerdict& verdict = report->read_models.emplace_back();
    verdict.read_model = std::string(ReadModelName(model));
    verdict.live_digest = live_digest.per_model_hex[m];
    verdict.rebuilt_digest = replayed.digest.per_model_hex[m];
    verdict.equal = verdict.live_digest == verdict.rebuilt_digest;
    if (!verdict.equal) {
      report->passed = false;
      status = FirstDifference(*live, *rebuilt, model, &verdict);
    }
  }
  rebuilt.reset();
  std::error_code ignored;
  std::filesystem::remove_all(scratch_directory, ignored);
  return status;
}

}  // namespace arledger
