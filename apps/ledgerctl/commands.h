// ledgerctl's commands, one function each; main.cc only parses flags.
#pragma once

#include <cstdint>
#include <string>

#include "consumers/event_log.h"
#include "core/status.h"

namespace arledger::ctl {

struct CommonFlags {
  bool json = false;
};

struct PublishArgs {
  std::string file;
  std::string target;
  size_t batch_events = 1000;
};

struct AccountArgs {
  std::string account_id;
  std::string store_directory;
  std::string server;
  std::string as_of;
};

struct ReplayArgs {
  std::string log_spec;
  std::string store_directory;
  int shards = 0;  // 0: one per core.
};

struct VerifyArgs {
  std::string log_spec;
  std::string store_directory;
};

struct AuditChainArgs {
  std::string log_spec;
  std::string store_directory;  // Empty: print the log's chain heads only.
};

struct HistoryArgs {
  std::string account_id;
  std::string log_spec;
  std::string as_of;     // Business date; default the known-at date, else today.
  std::string known_at;  // RFC 3339 timestamp or epoch milliseconds; empty: everything.
};

struct ArchiveArgs {
  std::string from;              // Any log spec, in practice kafka:BROKERS.
  std::string to;                // journal:DIR.
  int64_t records_max = 0;       // 0: everything up to the source's end now.
  size_t batch_records = 10000;  // Records per synced journal append.
};

// backup: a checkpoint of a running ledgerd's store (server) or of a stopped one's (store).
struct BackupArgs {
  std::string server;
  std::string store_directory;
  std::string to;  // The backup directory: new or empty.
};

struct SimulateArgs {
  int64_t accounts = 1000;
  int32_t months = 12;
  uint64_t seed = 1;
  std::string out;  // journal:DIR, kafka:BROKERS or a .jsonl file.
  std::string start_date = "2025-01-01";
  size_t batch_records = 5000;
  // Partitions of a journal it creates (an existing journal, or a Kafka topic, keeps its own).
  int32_t journal_partitions = EventLogOptions().journal_partitions;
};

// aged-debt, worklist and kpis: reports read from a store directory (read-only).
struct ReportArgs {
  std::string store_directory;
  std::string as_of;                   // aged-debt, worklist; default today.
  std::string group_by = "collector";  // aged-debt: collector or portfolio.
  bool csv = false;                    // aged-debt: CSV with one row per account and currency.
  std::string collector_id;            // worklist.
  size_t limit = 50;                   // worklist: entries shown (the first page).
  std::string from, to, currency;      // kpis; default the month to date, every currency.
};

Status Publish(const PublishArgs& args, const CommonFlags& common);
// Generates a seeded synthetic portfolio (apps/sim) and appends it to a log or writes JSON lines.
Status Simulate(const SimulateArgs& args, const CommonFlags& common);
Status Account(const AccountArgs& args, const CommonFlags& common);
Status Replay(const ReplayArgs& args, const CommonFlags& common);
Status Digest(const std::string& store_directory, const CommonFlags& common);
// Exit status: OK when every read model matches a rebuild from the log; kFailedPrecondition
// (exit 1) when one differs, after printing where.
Status Verify(const VerifyArgs& args, const CommonFlags& common);
// Exit status: OK when every partition's chain matches the store's (or, without a store, once
// the heads are printed); kFailedPrecondition (exit 1) naming the partition and offset window.
Status AuditChain(const AuditChainArgs& args, const CommonFlags& common);
// NotFound (exit 1) when the account had no event by then, after printing what was read.
Status History(const HistoryArgs& args, const CommonFlags& common);
Status Archive(const ArchiveArgs& args, const CommonFlags& common);
// Prints the backup's offsets and digest.
Status Backup(const BackupArgs& args, const CommonFlags& common);
Status AgedDebt(const ReportArgs& args, const CommonFlags& common);
Status Worklist(const ReportArgs& args, const CommonFlags& common);
Status Kpis(const ReportArgs& args, const CommonFlags& common);

}  // namespace arledger::ctl
