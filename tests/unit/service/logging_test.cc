// ledgerd's JSON-lines log format: every record is exactly one line holding one JSON object
// with ts (UTC, RFC 3339), level, thread and msg — even when the message carries quotes,
// backslashes, newlines and control characters. Proved by parsing each line back.
#include "service/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace arledger {
namespace {

TEST(LoggingTest, JsonLinesAreOneParsableObjectPerRecord) {
  std::ostringstream stream;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream);
  sink->set_formatter(MakeJsonLinesFormatter());
  spdlog::logger logger("test", sink);
  const std::string awkward = "say \"hi\"\\ then\nnew line\ttab \x01 £";
  logger.info("{}", awkward);
  logger.warn("plain");

  std::istringstream lines(stream.str());
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, line)) records.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(records.size(), 2u) << stream.str();
  EXPECT_EQ(records[0]["msg"], awkward);
  EXPECT_EQ(records[0]["level"], "info");
  EXPECT_EQ(records[1]["level"], "warning");
  EXPECT_TRUE(records[0]["thread"].is_number());
  const std::string ts = records[0]["ts"];
  EXPECT_EQ(ts.size(), std::string("2026-01-01T00:00:00.000000Z").size()) << ts;
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(LoggingTest, ConfigureRefusesUnknownLevelsAndFormats) {
  EXPECT_FALSE(ConfigureLogging({"loud", "json"}).ok());
  EXPECT_FALSE(ConfigureLogging({"info", "xml"}).ok());
  EXPECT_TRUE(ConfigureLogging({"info", "text"}).ok());
}

}  // namespace
}  // namespace arledger
