#include "service/json.h"

#include <google/protobuf/util/json_util.h>

#include "service/json_writer.h"

namespace arledger {

Status ParseJson(std::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) return InvalidArgument(std::string(status.message()));
  return Status::Ok();
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string direct;
  if (WriteJsonDirect(message, &direct)) return direct;  // The printer's bytes, much sooner.
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  ARLEDGER_CHECK(status.ok());  // Printing a valid message cannot fail.
  return out;
}

Status ParseEnvelopes(std::string_view body, std::vector<v1::EventEnvelope>* events) {
  events->clear();
  // A single (possibly pretty-printed) object first; JSON lines otherwise.
  v1::EventEnvelope single;
  Status whole = ParseJson(body, &single);
  if (whole.ok()) {
    events->push_back(std::move(single));
    return Status::Ok();
  }
  size_t line_number = 0;
  size_t lines_with_content = 0;
  for (size_t start = 0; start <= body.size();) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++lines_with_content;
    v1::EventEnvelope event;
    Status parsed = ParseJson(line, &event);
    if (!parsed.ok()) {
      events->clear();
      if (lines_with_content == 1 && body.find('\n', end) == std::string_view::npos) return whole;
      return InvalidArgument("line " + std::to_string(line_number) + ": " + parsed.message());
    }
    events->push_back(std::move(event));
  }
  if (events->empty()) return InvalidArgument("the body holds no event");
  return Status::Ok();
}

}  // namespace arledger
