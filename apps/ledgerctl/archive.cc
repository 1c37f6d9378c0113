// ledgerctl archive: copy the events topic into a journal for offline audit, resumably, with
// the chain checked on the way (service/archive.h).
#include "service/archive.h"

#include <cstdio>

#include "ledgerctl/commands.h"
#include "ledgerctl/output.h"

namespace arledger::ctl {
namespace {

long long L(int64_t value) { return static_cast<long long>(value); }

void PrintJson(const ArchiveReport& report) {
  std::printf(
      "{\"records_before\": %lld, \"records_copied\": %lld, \"records_left\": %lld, "
      "\"seconds\": %.3f, \"chain_heads\": [",
      L(report.records_before), L(report.records_copied), L(report.records_left), report.seconds);
  for (size_t p = 0; p < report.chain_heads_hex.size(); ++p) {
    std::printf("%s%s", p ? ", " : "", JsonQuoted(report.chain_heads_hex[p]).c_str());
  }
  std::printf("]}\n");
}

void PrintText(const ArchiveArgs& args, const ArchiveReport& report) {
  std::printf("archived %lld record(s) into %s in %.2f s (%lld there before, %lld left to copy)\n",
              L(report.records_copied), args.to.c_str(), report.seconds, L(report.records_before),
              L(report.records_left));
  for (size_t p = 0; p < report.chain_heads_hex.size(); ++p) {
    std::printf("  partition %-3zu head %s\n", p,
                report.chain_heads_hex[p].empty() ? "(empty)" : report.chain_heads_hex[p].c_str());
  }
}

}  // namespace

Status Archive(const ArchiveArgs& args, const CommonFlags& common) {
  if (args.records_max < 0) return InvalidArgument("--max-records must not be negative");
  if (args.batch_records == 0) return InvalidArgument("--batch must be at least 1");
  ArchiveReport report;
  {
    Progress progress("archive", 0, Progress::StderrIsTerminal());
    ArchiveOptions options;
    options.records_max = args.records_max;
    options.batch_records_max = args.batch_records;
    options.progress = &progress;
    ARLEDGER_RETURN_IF_ERROR(ArchiveTopic(args.from, args.to, options, &report));
  }  // The progress line ends before the report.
  if (common.json) {
    PrintJson(report);
  } else {
    PrintText(args, report);
  }
  return Status::Ok();
}

}  // namespace arledger::ctl
