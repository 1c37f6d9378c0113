// Proves that ledgerd documents every route it serves: GET /v1/openapi.json answers the
// document embedded at build time, it parses as JSON and is OpenAPI 3.0, and every route the
// server registers (each one declares its route label in /metrics, see http::Timed) is a path
// of the document with at least one operation and a 200 answer. So a route added without
// documentation fails here. The other direction holds too: no documented path is unserved.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "service/http_openapi.h"
#include "tests/integration/query_fixture.h"

namespace arledger::testing {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// The route labels of arledger_http_request_seconds_count in a /metrics body.
std::set<std::string> RoutesInMetrics(const std::string& metrics) {
  static const std::regex kCount(R"re(arledger_http_request_seconds_count\{route="([^"]+)"\})re");
  std::set<std::string> routes;
  for (auto it = std::sregex_iterator(metrics.begin(), metrics.end(), kCount);
       it != std::sregex_iterator(); ++it) {
    routes.insert((*it)[1].str());
  }
  return routes;
}

class OpenApiTest : public QueryRoutesTest {
 protected:
  void SetUp() override {
    QueryRoutesTest::SetUp();
    httplib::Result result = client().Get("/v1/openapi.json");
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    body_ = result->body;
    const auto parsed = google::protobuf::util::JsonStringToMessage(body_, &document_);
    ASSERT_TRUE(parsed.ok()) << parsed.ToString();
    ASSERT_TRUE(document_.fields().contains("paths"));
    paths_ = &document_.fields().at("paths").struct_value();
  }

  std::string body_;
  Struct document_;
  const Struct* paths_ = nullptr;
};

TEST_F(OpenApiTest, ServedDocumentIsTheEmbeddedOpenApi30Document) {
  EXPECT_EQ(body_, std::string(OpenApiDocument()));
  const std::string version = document_.fields().at("openapi").string_value();
  EXPECT_EQ(version.rfind("3.0.", 0), 0u) << version;
  EXPECT_FALSE(
      document_.fields().at("info").struct_value().fields().at("title").string_value().empty());
  EXPECT_TRUE(document_.fields().at("components").struct_value().fields().contains("schemas"));
}

TEST_F(OpenApiTest, EveryRegisteredRouteIsDocumentedAndEveryDocumentedPathServed) {
  httplib::Result metrics = client().Get("/metrics");
  ASSERT_TRUE(metrics);
  const std::set<std::string> routes = RoutesInMetrics(metrics->body);
  // The routes known to exist when this test was written; more may come, none may go.
  for (const char* known :
       {"/v1/events", "/v1/accounts/{id}", "/v1/accounts/{id}/events", "/v1/reports/aged-debt",
        "/v1/worklists/{collector_id}", "/v1/promises/due", "/v1/promises/broken", "/v1/kpis",
        "/v1/openapi.json", "/healthz", "/readyz", "/metrics"}) {
    EXPECT_TRUE(routes.contains(known)) << known << " is not registered";
  }
  for (const std::string& route : routes) {
    SCOPED_TRACE(route);
    ASSERT_TRUE(paths_->fields().contains(route)) << route << " is served but not documented";
    const Struct& operations = paths_->fields().at(route).struct_value();
    EXPECT_FALSE(operations.fields().empty());
    for (const auto& [method, operation] : operations.fields()) {
      const Struct& responses = operation.struct_value().fields().at("responses").struct_value();
      EXPECT_TRUE(responses.fields().contains("200") || responses.fields().contains("202"))
          << method;
    }
  }
  for (const auto& [path, operations] : paths_->fields()) {
    EXPECT_TRUE(routes.contains(path)) << path << " is documented but not served";
  }
}

// Every $ref in the document names a schema the document defines.
TEST_F(OpenApiTest, EveryReferenceResolves) {
  const Struct& schemas =
      document_.fields().at("components").struct_value().fields().at("schemas").struct_value();
  static const std::regex kRef(R"re("\$ref":\s*"#/components/schemas/([A-Za-z0-9_]+)")re");
  int references = 0;
  for (auto it = std::sregex_iterator(body_.begin(), body_.end(), kRef);
       it != std::sregex_iterator(); ++it) {
    ++references;
    EXPECT_TRUE(schemas.fields().contains((*it)[1].str())) << (*it)[1].str();
  }
  EXPECT_GT(references, 0);
}

}  // namespace
}  // namespace arledger::testing
