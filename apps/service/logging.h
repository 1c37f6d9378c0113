// ledgerd's logs: spdlog's default logger (standard output), either one JSON object per line (for
// log shippers: {"ts":…,"level":…,"thread":…,"msg":…}, time in UTC) or spdlog's human text, at a
// configured level. Call ConfigureLogging once at start, before other threads log.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "service/config.h"

namespace arledger {

// Sets the default logger's format and level; InvalidArgument on an unknown level or format.
Status ConfigureLogging(const LoggingOptions& options);

// The JSON-lines formatter: each record one line, one JSON object, the message escaped.
std::unique_ptr<spdlog::formatter> MakeJsonLinesFormatter();

// Appends `text` escaped for the inside of a JSON string (quotes, backslashes, controls).
void AppendJsonEscaped(std::string_view text, std::string* out);

}  // namespace arledger
