#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/integration/service_fixture.h"

namespace arledger::testing {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kJournal ? "Journal" : "Kafka";
}

ServiceFixture::ServiceFixture(Backend backend) : directory_(std::make_unique<TempDir>()) {
  if (backend == Backend::kKafka) {
    cluster_ = std::make_unique<KafkaMockCluster>();
    log_spec_ = cluster_->spec();
  } else {
    log_spec_ = "journal:" + directory_->path() + "/journal";
  }
}

ServiceFixture::~ServiceFixture() = default;

std::string ServiceFixture::NewStoreDirectory() {
  return directory_->path() + "/store" + std::to_string(stores_++);
}

std::unique_ptr<LedgerService> ServiceFixture::StartService(const std::string& store_directory) {
  return StartService(OptionsFor(store_directory));
}

ServiceOptions ServiceFixture::OptionsFor(const std::string& store_directory) const {
  ServiceOptions options;
  options.log_spec = log_spec_;
  options.store_directory = store_directory;
  options.loop_options.poll_timeout_ms = 20;
  options.apply_wait_ms_max = apply_wait_ms_max_;
  return options;
}

std::unique_ptr<LedgerService> ServiceFixture::OpenService(const ServiceOptions& options) {
  std::unique_ptr<LedgerService> service;
  Status status = LedgerService::Open(options, &service);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return service;
}

std::unique_ptr<LedgerService> ServiceFixture::StartService(const ServiceOptions& options) {
  std::unique_ptr<LedgerService> service = OpenService(options);
  if (!service) return nullptr;
  Status status = service->Start();
  EXPECT_TRUE(status.ok()) << status.ToString();
  return service;
}

std::vector<LogPosition> ServiceFixture::AppendRaw(const std::vector<AppendRecord>& records) {
  std::unique_ptr<EventLog> log;
  Status status = EventLog::Open(log_spec_, kEventsTopic, EventLogOptions(), &log);
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::vector<LogPosition> positions;
  status = log->Append(records, &positions);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return positions;
}

void ServiceFixture::WaitCaughtUp(LedgerService& service) {
  std::vector<int64_t> end_offsets;
  ASSERT_TRUE(service.events_log().EndOffsets(&end_offsets).ok());
  for (size_t p = 0; p < end_offsets.size(); ++p) {
    if (end_offsets[p] == 0) continue;
    const LogPosition last{static_cast<int32_t>(p), end_offsets[p] - 1};
    ASSERT_TRUE(service.WaitForApplied(last, 20000))
        << "partition " << p << " not applied up to " << last.offset;
  }
}

std::vector<v1::DeadLetter> ServiceFixture::ReadDeadLetters(size_t expected, int timeout_ms) {
  std::unique_ptr<EventLog> log;
  EXPECT_TRUE(EventLog::Open(log_spec_, kDeadLetterTopic, EventLogOptions(), &log).ok());
  std::unique_ptr<LogReader> reader;
  EXPECT_TRUE(
      log->OpenReader(std::vector<int64_t>(log->partition_count(), 0), ReaderOptions(), &reader)
          .ok());
  std::vector<v1::DeadLetter> letters;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (letters.size() < expected && std::chrono::steady_clock::now() < deadline) {
    std::vector<LogRecord> records;
    EXPECT_TRUE(reader->Poll(100, 100, &records).ok());
    for (const LogRecord& record : records) {
      EXPECT_TRUE(letters.emplace_back().ParseFromString(record.value));
    }
  }
  return letters;
}

RunningApi::RunningApi(LedgerService* service, size_t body_bytes_max,
                       std::shared_ptr<const TokenTable> tokens) {
  HttpOptions options;
  options.port = 0;
  options.body_bytes_max = body_bytes_max;
  options.tokens = std::move(tokens);
  api_ = std::make_unique<HttpApi>(service, options);
  const Status bound = api_->Bind();
  EXPECT_TRUE(bound.ok()) << bound.ToString();
  server_ = std::thread([this] { api_->Serve().PermitUnchecked(); });
  client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
}

int RunningApi::port() const { return api_->port(); }

RunningApi::~RunningApi() {
  api_->Stop();
  server_.join();
}

}  // namespace arledger::testing
