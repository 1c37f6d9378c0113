// ledgerctl verify: prove from the log alone that a store holds what history says.
#include "service/verify.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ledgerctl/commands.h"
#include "ledgerctl/output.h"

namespace arledger::ctl {
namespace {

void PrintJson(const VerifyReport& report) {
  std::printf("{\"passed\": %s, \"records_replayed\": %lld, \"read_models\": [",
              report.passed ? "true" : "false", static_cast<long long>(report.records_replayed));
  for (size_t i = 0; i < report.read_models.size(); ++i) {
    const ReadModelVerdict& v = report.read_models[i];
    std::printf(
        "%s{\"name\": %s, \"equal\": %s, \"live\": %s, \"rebuilt\": %s, "
        "\"first_difference_key\": %s, \"first_difference\": %s}",
        i ? ", " : "", JsonQuoted(v.read_model).c_str(), v.equal ? "true" : "false",
        JsonQuoted(v.live_digest).c_str(), JsonQuoted(v.rebuilt_digest).c_str(),
        JsonQuoted(v.first_difference_key).c_str(), JsonQuoted(v.first_difference).c_str());
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
  EventLogOptions log_options;
  log_options.read_only = true;  // A journal: a point-in-time view, even beside ledgerd.
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.log_spec, kEventsTopic, log_options, &log));
  const std::string scratch =
      (std::filesystem::temp_directory_path() / ("arledger-verify-" + std::to_string(::getpid())))
          .string();
  VerifyReport report;
  {
    Progress progress("verify", 0, Progress::StderrIsTerminal());
    ARLEDGER_RETURN_IF_ERROR(
        VerifyStore(log.get(), args.store_directory, scratch, &progress, &report));
  }  // The progress line ends before the report.
  if (common.json) {
    PrintJson(report);
  } else {
    PrintText(report);
  }
  if (!report.passed) return FailedPrecondition("the store does not match its log");
  return Status::Ok();
}

}  // namespace arledger::ctl
