// The OpenAPI 3.0 document of ledgerd's HTTP API (docs/openapi.json), compiled into the binary
// by a build step (cmake/embed_text.cmake) so ledgerd needs no source tree at run time, and
// served at GET /v1/openapi.json.
//
// The document is immutable static data: thread-safe, nothing owned, nothing written.
#pragma once

#include <httplib.h>

#include <string_view>

#include "service/metrics.h"

namespace arledger {

// The embedded docs/openapi.json, byte for byte.
std::string_view OpenApiDocument();

// Registers GET /v1/openapi.json on `server`, counted and timed in `metrics`.
void RegisterOpenApiRoute(httplib::Server* server, Metrics* metrics);

}  // namespace arledger
