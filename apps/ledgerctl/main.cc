// ledgerctl: the arledger command line — publish, read accounts, replay, verify, audit,
// archive, simulate.
//
//   ledgerctl publish FILE.jsonl --to journal:DIR|kafka:BROKERS|http://HOST:PORT
//   ledgerctl account ID (--store DIR | --server http://HOST:PORT) [--as-of DATE]
//   ledgerctl replay --log journal:DIR|kafka:BROKERS --into DIR
//   ledgerctl digest --store DIR
//   ledgerctl verify --log journal:DIR|kafka:BROKERS --store DIR
//   ledgerctl audit-chain --log journal:DIR|kafka:BROKERS [--store DIR]
//   ledgerctl history ACCOUNT --log journal:DIR|kafka:BROKERS [--as-of DATE] [--known-at TIME]
//   ledgerctl archive --from kafka:BROKERS --to journal:DIR [--max-records N] [--batch N]
//   ledgerctl backup (--server http://HOST:PORT | --store DIR) --to DIR
//   ledgerctl aged-debt --store DIR [--as-of D] [--group-by collector|portfolio] [--csv]
//   ledgerctl worklist COLLECTOR --store DIR [--as-of D] [--limit N]
//   ledgerctl kpis --store DIR [--from D] [--to D] [--currency CCY]
//   ledgerctl simulate --accounts N --months M --seed S --out journal:DIR|kafka:BROKERS|FILE.jsonl
// Each takes --json for machine-readable output. Exit status: 0 ok, 1 failure, 2 usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "ledgerctl/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"ledgerctl: publish, query, replay and verify the arledger ledger"};
  app.require_subcommand(1);
  app.fallthrough();  // Subcommands (created below) inherit it: --json after one reaches `app`.
  arledger::ctl::CommonFlags common;
  app.add_flag("--json", common.json, "Machine-readable JSON output");

  arledger::ctl::PublishArgs publish;
  CLI::App* publish_cmd = app.add_subcommand("publish", "Append events from a JSON-lines file");
  publish_cmd->add_option("file", publish.file, "JSON lines, one EventEnvelope per line")
      ->required();
  publish_cmd->add_option("--to", publish.target, "journal:DIR, kafka:BROKERS or http://HOST:PORT")
      ->required();
  publish_cmd->add_option("--batch", publish.batch_events, "Events per append or request")
      ->capture_default_str();

  arledger::ctl::AccountArgs account;
  CLI::App* account_cmd = app.add_subcommand("account", "Show one account as of a date");
  account_cmd->add_option("id", account.account_id)->required();
  account_cmd->add_option("--store", account.store_directory, "Read a store directory directly");
  account_cmd->add_option("--server", account.server, "Ask a running ledgerd (http://HOST:PORT)");
  account_cmd->add_option("--as-of", account.as_of, "Business date YYYY-MM-DD (default today)");

  arledger::ctl::ReplayArgs replay;
  CLI::App* replay_cmd = app.add_subcommand("replay", "Rebuild projections from offset 0");
  replay_cmd->add_option("--log", replay.log_spec, "journal:DIR or kafka:BROKERS")->required();
  replay_cmd->add_option("--into", replay.store_directory, "New store directory")->required();
  replay_cmd->add_option("--shards", replay.shards,
                         "Threads folding each batch (default one per core; same digest)");

  std::string digest_store;
  CLI::App* digest_cmd = app.add_subcommand("digest", "Print the digest of a store");
  digest_cmd->add_option("--store", digest_store, "Store directory")->required();

  arledger::ctl::VerifyArgs verify;
  CLI::App* verify_cmd =
      app.add_subcommand("verify", "Rebuild from the log up to a store's offsets and compare");
  verify_cmd->add_option("--log", verify.log_spec, "journal:DIR or kafka:BROKERS")->required();
  verify_cmd->add_option("--store", verify.store_directory, "The live store (read-only)")
      ->required();

  arledger::ctl::AuditChainArgs audit;
  CLI::App* audit_cmd = app.add_subcommand(
      "audit-chain", "Recompute each partition's hash chain from the log; compare with a store");
  audit_cmd->add_option("--log", audit.log_spec, "journal:DIR or kafka:BROKERS")->required();
  audit_cmd->add_option("--store", audit.store_directory, "Store to compare with (read-only)");

  arledger::ctl::HistoryArgs history;
  CLI::App* history_cmd =
      app.add_subcommand("history", "One account as it stood, refolded from the log");
  history_cmd->add_option("account", history.account_id)->required();
  history_cmd->add_option("--log", history.log_spec, "journal:DIR or kafka:BROKERS")->required();
  history_cmd->add_option("--as-of", history.as_of,
                          "Business date YYYY-MM-DD (default: the --known-at date, else today)");
  history_cmd->add_option("--known-at", history.known_at,
                          "What the ledger knew then: RFC 3339 timestamp or epoch ms");

  arledger::ctl::ArchiveArgs archive;
  CLI::App* archive_cmd =
      app.add_subcommand("archive", "Copy the topic into a journal (resumable, chain checked)");
  archive_cmd->add_option("--from", archive.from, "kafka:BROKERS (or journal:DIR)")->required();
  archive_cmd->add_option("--to", archive.to, "journal:DIR")->required();
  archive_cmd
      ->add_option("--max-records", archive.records_max,
                   "Copy at most N records this run (0: all); run again to continue")
      ->capture_default_str();
  archive_cmd->add_option("--batch", archive.batch_records, "Records per synced journal append")
      ->capture_default_str();

  arledger::ctl::BackupArgs backup;
  CLI::App* backup_cmd =
      app.add_subcommand("backup", "Consistent checkpoint of a store, with its offsets");
  backup_cmd->add_option("--server", backup.server, "A running ledgerd (http://HOST:PORT)");
  backup_cmd->add_option("--store", backup.store_directory, "A stopped ledgerd's store");
  backup_cmd->add_option("--to", backup.to, "New or empty directory (on the server's machine)")
      ->required();

  arledger::ctl::SimulateArgs simulate;
  CLI::App* simulate_cmd =
      app.add_subcommand("simulate", "Generate a seeded synthetic portfolio of events");
  simulate_cmd->add_option("--accounts", simulate.accounts, "Accounts")->capture_default_str();
  simulate_cmd->add_option("--months", simulate.months, "Months of history")->capture_default_str();
  simulate_cmd->add_option("--seed", simulate.seed, "Seed: same seed, same bytes")
      ->capture_default_str();
  simulate_cmd->add_option("--out", simulate.out, "journal:DIR, kafka:BROKERS or FILE.jsonl")
      ->required();
  simulate_cmd->add_option("--start-date", simulate.start_date, "First business date")
      ->capture_default_str();
  simulate_cmd
      ->add_option("--partitions", simulate.journal_partitions,
                   "Partitions of a journal it creates (a large one replays in more passes)")
      ->capture_default_str();
  simulate_cmd->add_option("--batch", simulate.batch_records, "Records per log append")
      ->capture_default_str();

  arledger::ctl::ReportArgs report;
  CLI::App* aged_cmd = app.add_subcommand("aged-debt", "Aged debt by collector or portfolio");
  aged_cmd->add_option("--store", report.store_directory, "Store directory (read-only)")
      ->required();
  aged_cmd->add_option("--as-of", report.as_of, "Business date YYYY-MM-DD (default today)");
  aged_cmd->add_option("--group-by", report.group_by, "collector or portfolio")
      ->capture_default_str();
  aged_cmd->add_flag("--csv", report.csv, "CSV, one row per account, group and currency");
  CLI::App* worklist_cmd = app.add_subcommand("worklist", "A collector's accounts to work next");
  worklist_cmd->add_option("collector", report.collector_id)->required();
  worklist_cmd->add_option("--store", report.store_directory, "Store directory (read-only)")
      ->required();
  worklist_cmd->add_option("--as-of", report.as_of, "Business date YYYY-MM-DD (default today)");
  worklist_cmd->add_option("--limit", report.limit, "Entries shown")->capture_default_str();
  CLI::App* kpis_cmd = app.add_subcommand("kpis", "DSO, CEI, cash, promises for a period");
  kpis_cmd->add_option("--store", report.store_directory, "Store directory (read-only)")
      ->required();
  kpis_cmd->add_option("--from", report.from, "First day (default: first of --to's month)");
  kpis_cmd->add_option("--to", report.to, "Last day (default today)");
  kpis_cmd->add_option("--currency", report.currency, "One ISO-4217 currency (default all)");

  CLI11_PARSE(app, argc, argv);
  arledger::Status status;
  if (*publish_cmd) status = arledger::ctl::Publish(publish, common);
  if (*account_cmd) status = arledger::ctl::Account(account, common);
  if (*replay_cmd) status = arledger::ctl::Replay(replay, common);
  if (*digest_cmd) status = arledger::ctl::Digest(digest_store, common);
  if (*verify_cmd) status = arledger::ctl::Verify(verify, common);
  if (*audit_cmd) status = arledger::ctl::AuditChain(audit, common);
  if (*history_cmd) status = arledger::ctl::History(history, common);
  if (*archive_cmd) status = arledger::ctl::Archive(archive, common);
  if (*backup_cmd) status = arledger::ctl::Backup(backup, common);
  if (*aged_cmd) status = arledger::ctl::AgedDebt(report, common);
  if (*worklist_cmd) status = arledger::ctl::Worklist(report, common);
  if (*kpis_cmd) status = arledger::ctl::Kpis(report, common);
  if (*simulate_cmd) status = arledger::ctl::Simulate(simulate, common);
  if (!status.ok()) {
    std::fprintf(stderr, "ledgerctl: %s\n", status.ToString().c_str());
    return status.code() == arledger::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return 0;
}
