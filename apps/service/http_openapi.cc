// GET /v1/openapi.json: the embedded document.
#include "service/http_openapi.h"

#include <string>

#include "service/http_util.h"

namespace arledger {

// Defined in the generated openapi_document.cc (apps/CMakeLists.txt).
extern const unsigned char kOpenApiDocument[];
extern const size_t kOpenApiDocumentBytes;

std::string_view OpenApiDocument() {
  return std::string_view(reinterpret_cast<const char*>(kOpenApiDocument), kOpenApiDocumentBytes);
}

void RegisterOpenApiRoute(httplib::Server* server, Metrics* metrics) {
  server->Get("/v1/openapi.json",
              http::Timed(metrics, "/v1/openapi.json",
                          [](const httplib::Request&, httplib::Response& response) {
                            response.set_content(std::string(OpenApiDocument()),
                                                 "application/json");
                          }));
}

}  // namespace arledger
