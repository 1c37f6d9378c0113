// RequireJsonRoundTrip: print, parse into a fresh message of the same type, compare.
#include "tests/fuzz/json_round_trip.h"

#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>

#include <memory>

#include "service/json.h"
#include "tests/fuzz/fold_harness.h"

namespace arledger::fuzz {

void RequireJsonRoundTrip(const google::protobuf::Message& message) {
  std::unique_ptr<google::protobuf::Message> again(message.New());
  Require(ParseJson(ToJson(message), again.get()).ok(), "a printed message parses");
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  Require(differencer.Compare(message, *again), "a message survives JSON printing");
}

}  // namespace arledger::fuzz
