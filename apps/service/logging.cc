// JSON-lines and text log formats for spdlog's default logger.
#include "service/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace arledger {
namespace {

// %* in the pattern: the message, escaped for a JSON string.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& destination) override {
    std::string escaped;
    AppendJsonEscaped(std::string_view(message.payload.data(), message.payload.size()), &escaped);
    destination.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

// Level names are plain words and %t a number, so only the message needs escaping.
constexpr char kJsonLinesPattern[] =
    R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"msg":"%*"})";

}  // namespace

void AppendJsonEscaped(std::string_view text, std::string* out) {
  for (const char c : text) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char code[8];
          std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
          *out += code;
        } else {
          *out += c;  // UTF-8 passes through unchanged.
        }
    }
  }
}

std::unique_ptr<spdlog::formatter> MakeJsonLinesFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<JsonMessageFlag>('*').set_pattern(kJsonLinesPattern);
  return formatter;
}

Status ConfigureLogging(const LoggingOptions& options) {
  const spdlog::level::level_enum level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off") {
    return InvalidArgument("unknown log level '" + options.level + "'");
  }
  if (options.format == "json") {
    spdlog::set_formatter(MakeJsonLinesFormatter());
  } else if (options.format != "text") {
    return InvalidArgument("unknown log format '" + options.format + "' (json or text)");
  }
  spdlog::set_level(level);
  return Status::Ok();
}

}  // namespace arledger
