// Fuzz target: log record bytes -> decode + validate + fold, as the projector does.
//
// The input is a sequence of records in protobuf framing: each record is field 1, wire type 2
// (tag byte 0x0a, varint length, the bytes) — what `protoc --encode` writes for
// tests/fuzz/envelope_sequence.proto, so seeds are written as text and encoded. Other fields
// are skipped. Each record's bytes go to the fold exactly as a log record value would.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/fuzz/fold_harness.h"

namespace {

using google::protobuf::internal::WireFormatLite;

constexpr uint32_t kRecordField = 1;

std::vector<std::string> SplitRecords(const uint8_t* data, size_t size) {
  std::vector<std::string> records;
  google::protobuf::io::CodedInputStream input(data, static_cast<int>(size));
  while (records.size() < arledger::fuzz::kRecordsMax) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    if (WireFormatLite::GetTagFieldNumber(tag) == kRecordField &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      std::string& record = records.emplace_back();
      if (!WireFormatLite::ReadBytes(&input, &record)) break;
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      break;
    }
  }
  return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  arledger::fuzz::FoldRecords(SplitRecords(data, size));
  return 0;
}
