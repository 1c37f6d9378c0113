// ledgerctl verify: prove from the log alone that a store holds what history says.
#include "service/verify.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ledgerctl/commands.h"

namespace arledger::ctl {
namespace {

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void PrintJson(const VerifyReport& report) {
  std::printf("{\"passed\": %s, \"records_replayed\": %lld, \"read_models\": [",
              report.passed ? "true" : "false", static_cast<long long>(report.records_replayed));
  for (size_t i = 0; i < report.read_models.size(); ++i) {
    const ReadModelVerdict& v = report.read_models[i];
    std::printf(
        "%s{\"name\": %s, \"equal\": %s, \"live\": %s, \"rebuilt\": %s, "
        "\"first_difference_key\": %s, \"first_difference\": %s}",
        i ? ", " : "", JsonString(v.read_model).c_str(), v.equal ? "true" : "false",
        JsonString(v.live_digest).c_str(), JsonString(v.rebuilt_digest).c_str(),
        JsonString(v.first_difference_key).c_str(), JsonString(v.first_difference).c_str());
  }
  std::printf("]}\n");
}

void PrintText(const VerifyReport& report) {
  std::printf("%s: rebuilt %lld record(s) from the log\n", report.passed ? "PASS" : "FAIL",
              static_cast<long long>(report.records_replayed));
  for (const ReadModelVerdict& v : report.read_models) {
    std::printf("  %-9s %s %s\n", v.read_model.c_str(), v.equal ? "equal  " : "DIFFERS",
                v.live_digest.c_str());
    if (!v.equal) {
      std::printf("    first difference at key '%s': %s\n", v.first_difference_key.c_str(),
                  v.first_difference.c_str());
    }
  }
}

}  // namespace

Status Verify(const VerifyArgs& args, const CommonFlags& common) {
  std::unique_ptr<EventLog> log;
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.log_spec, kEventsTopic, EventLogOptions(), &log));
  const std::string scratch =
      (std::filesystem::temp_directory_path() / ("arledger-verify-" + std::to_string(::getpid())))
          .string();
  VerifyReport report;
  ARLEDGER_RETURN_IF_ERROR(VerifyStore(log.get(), args.store_directory, scratch, &report));
  if (common.json) {
    PrintJson(report);
  } else {
    PrintText(report);
  }
  if (!report.passed) return FailedPrecondition("the store does not match its log");
  return Status::Ok();
}

}  // namespace arledger::ctl
