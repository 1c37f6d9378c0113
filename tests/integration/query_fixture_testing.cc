#include "core/date.h"
#include "service/json.h"
#include "tests/integration/query_fixture.h"

namespace arledger::testing {

v1::EventEnvelope JsonEvent(const std::string& event_id, const std::string& account_id,
                            const std::string& date, const std::string& body_json) {
  const std::string json = R"({"event_id":")" + event_id + R"(","account_id":")" + account_id +
                           R"(","occurred_at":")" + date +
                           R"(T12:00:00Z","recorded_by":{"principal_id":"tester","role":"admin"},)"
                           R"("source":"test",)" +
                           body_json + "}";
  v1::EventEnvelope event;
  const Status parsed = ParseJson(json, &event);
  EXPECT_TRUE(parsed.ok()) << parsed.ToString() << " in " << json;
  return event;
}

std::string Money(int64_t amount_minor, const std::string& currency) {
  return R"({"amount_minor":)" + std::to_string(amount_minor) + R"(,"currency":")" + currency +
         R"("})";
}

void QueryRoutesTest::SetUp() {
  service_ = fixture_.StartService(fixture_.NewStoreDirectory());
  ASSERT_NE(service_, nullptr);
  api_ = std::make_unique<RunningApi>(service_.get());
}

void QueryRoutesTest::TearDown() {
  api_.reset();
  if (service_) service_->Stop().PermitUnchecked();
}

void QueryRoutesTest::PublishApplied(const std::vector<v1::EventEnvelope>& events) {
  v1::PublishResponse published;
  const Status status = service_->Publish(events, &published);
  ASSERT_TRUE(status.ok()) << status.ToString();
  for (const v1::EventResult& result : published.results()) {
    ASSERT_EQ(result.status(), "applied") << result.event_id() << ": " << result.reason();
  }
}

void QueryRoutesTest::GetJson(const std::string& target, int status_code,
                              google::protobuf::Message* answer) {
  httplib::Result result = client().Get(target);
  ASSERT_TRUE(result) << target << ": no answer";
  ASSERT_EQ(result->status, status_code) << target << ": " << result->body;
  if (answer == nullptr) return;
  const Status parsed = ParseJson(result->body, answer);
  ASSERT_TRUE(parsed.ok()) << target << ": " << parsed.ToString() << " in " << result->body;
}

}  // namespace arledger::testing
