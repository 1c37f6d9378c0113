// Proves EventLog::Open accepts only the two documented spec forms and says what it expected.
#include <gtest/gtest.h>

#include "consumers/event_log.h"

namespace arledger {
namespace {

TEST(EventLogOpenTest, UnknownSpecsAreInvalidArguments) {
  std::unique_ptr<EventLog> log;
  for (const char* spec :
       {"", "journal", "file:/tmp/x", "kafka", "Kafka:localhost:9092", "journal:"}) {
    Status opened = EventLog::Open(spec, kEventsTopic, {}, &log);
    EXPECT_EQ(opened.code(), StatusCode::kInvalidArgument) << spec << " -> " << opened.ToString();
    EXPECT_EQ(log, nullptr);
  }
}

TEST(EventLogOpenTest, MessageNamesTheAcceptedForms) {
  std::unique_ptr<EventLog> log;
  Status opened = EventLog::Open("postgres:db", kEventsTopic, {}, &log);
  EXPECT_NE(opened.message().find("journal:DIR"), std::string::npos) << opened.message();
  EXPECT_NE(opened.message().find("kafka:"), std::string::npos) << opened.message();
}

}  // namespace
}  // namespace arledger
