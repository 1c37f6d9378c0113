// ledgerctl audit-chain: recompute every partition's hash chain from the log and compare it with
// what a store folded (service/audit_chain.h); without --store, print the log's chain heads.
#include "service/audit_chain.h"

#include <cstdio>

#include "ledgerctl/commands.h"
#include "ledgerctl/output.h"

namespace arledger::ctl {
namespace {

long long L(int64_t value) { return static_cast<long long>(value); }

std::string WindowText(const PartitionChainAudit& p) {
  std::string text = "partition " + std::to_string(p.partition) + ": ";
  text += p.log_short ? "the log ends at offset " + std::to_string(p.records) +
                            " but the store folded " + std::to_string(p.store_records) +
                            " record(s); the first missing or rewritten record is"
                      : "the log departs from what the store folded";
  return text + " between offsets " + std::to_string(p.differs_from) + " and " +
         std::to_string(p.differs_to);
}

void PrintJson(const ChainAuditReport& report) {
  std::printf("{\"passed\": %s, \"records\": %lld, \"partitions\": [",
              report.passed ? "true" : "false", L(report.records));
  for (size_t i = 0; i < report.partitions.size(); ++i) {
    const PartitionChainAudit& p = report.partitions[i];
    std::printf("%s{\"partition\": %d, \"records\": %lld, \"log_head\": %s", i ? ", " : "",
                p.partition, L(p.records), JsonQuoted(p.log_head_hex).c_str());
    if (p.compared) {
      std::printf(
          ", \"store_records\": %lld, \"store_head\": %s, \"checkpoints_compared\": %lld, "
          "\"equal\": %s",
          L(p.store_records), JsonQuoted(p.store_head_hex).c_str(), L(p.checkpoints_compared),
          p.equal ? "true" : "false");
      if (!p.equal) {
        std::printf(", \"log_short\": %s, \"differs_from\": %lld, \"differs_to\": %lld",
                    p.log_short ? "true" : "false", L(p.differs_from), L(p.differs_to));
      }
    }
    std::printf("}");
  }
  std::printf("]}\n");
}

void PrintText(const ChainAuditReport& report, bool compared) {
  if (compared) {
    std::printf("%s: chained %lld record(s) from the log and compared with the store\n",
                report.passed ? "PASS" : "FAIL", L(report.records));
  } else {
    std::printf("chained %lld record(s) from the log (no store to compare with)\n",
                L(report.records));
  }
  for (const PartitionChainAudit& p : report.partitions) {
    std::printf("  partition %-3d %8lld record(s) head %s", p.partition, L(p.records),
                p.log_head_hex.empty() ? "(empty)" : p.log_head_hex.c_str());
    if (p.compared) {
      std::printf(" %s (%lld checkpoint(s))", p.equal ? "equal" : "DIFFERS",
                  L(p.checkpoints_compared));
    }
    std::printf("\n");
    if (p.compared && !p.equal) std::printf("    %s\n", WindowText(p).c_str());
  }
}

}  // namespace

Status AuditChain(const AuditChainArgs& args, const CommonFlags& common) {
  std::unique_ptr<EventLog> log;
  EventLogOptions log_options;
  log_options.read_only = true;  // A journal: a point-in-time view, even beside ledgerd.
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.log_spec, kEventsTopic, log_options, &log));
  std::unique_ptr<Store> store;
  if (!args.store_directory.empty()) {
    StoreOptions store_options;
    store_options.read_only = true;
    store_options.create_if_missing = false;
    ARLEDGER_RETURN_IF_ERROR(Store::Open(args.store_directory, store_options, &store));
  }
  ChainAuditReport report;
  {
    Progress progress("audit-chain", 0, Progress::StderrIsTerminal());
    ARLEDGER_RETURN_IF_ERROR(arledger::AuditChain(log.get(), store.get(), &progress, &report));
  }  // The progress line ends before the report.
  if (common.json) {
    PrintJson(report);
  } else {
    PrintText(report, store != nullptr);
  }
  for (const PartitionChainAudit& p : report.partitions) {
    if (p.compared && !p.equal) return FailedPrecondition(WindowText(p));
  }
  return Status::Ok();
}

}  // namespace arledger::ctl
