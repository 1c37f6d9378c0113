// EventLog: the ordered, partitioned, durable log of events — Kafka or the embedded journal.
//
// A log is a named topic of N partitions; each partition is an append-only sequence of records
// with dense offsets from 0. Records with the same key always land in the same partition
// (Java-client-compatible murmur2 of the key), so one account's events stay ordered.
//
// Durability: when Append returns OK every record in it is durable (journal: synced WAL;
// Kafka: acknowledged by all in-sync replicas, idempotent producer) and `positions` says where
// each landed. When it fails, the Status says so and the caller decides; nothing is silently
// dropped. Thread-safety: Append, EndOffsets and OpenReader may be called from any thread;
// a LogReader belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/log_record.h"
#include "core/status.h"

namespace arledger {

inline constexpr char kEventsTopic[] = "ar.events";
inline constexpr char kDeadLetterTopic[] = "ar.events.dlq";

struct AppendRecord {
  std::string key;
  std::string value;
  int32_t partition = -1;    // -1: chosen from the key. >= 0: exactly this partition.
  int64_t timestamp_ms = 0;  // 0: the log's clock at append. > 0: this timestamp (an archive
                             // copying a topic keeps the original records' timestamps).
};

class LogReader {
 public:
  virtual ~LogReader() = default;
  // Appends up to `max_records` records to `out`, waiting up to `timeout_ms` for the first.
  // Within a partition records come in offset order with no gaps. OK with nothing appended
  // means nothing new arrived in time.
  virtual Status Poll(size_t max_records, int timeout_ms, std::vector<LogRecord>* out) = 0;
  // Moves the reader to `next_offsets` (one per partition, as OpenReader's start offsets): the
  // next Poll returns records from there, and nothing fetched before the move. For reading a
  // log again (ScanLog's slices and passes) without opening a reader each time, which for Kafka
  // is a new consumer and its connections (~35 ms to its first records on loopback).
  virtual Status Seek(const std::vector<int64_t>& next_offsets) = 0;
};

// How a reader will be used.
struct ReaderOptions {
  // It reads stretches already in the log and is moved between them with Seek (ScanLog). Kafka:
  // the brokers then hold a fetch that finds nothing for at most 10 ms instead of 100, since a
  // Seek waits for the fetch in flight: at the end of a stretch, that is a fetch that found
  // nothing. A live consumer keeps 100 ms: fewer empty fetches while the log is quiet.
  bool rereads = false;
};

struct EventLogOptions {
  int32_t journal_partitions =
      8;  // Partitions of a journal created fresh; an existing one keeps its own.
  int append_timeout_ms = 30000;          // Kafka: bound on waiting for delivery reports.
  int kafka_metadata_timeout_ms = 10000;  // Kafka: bound on topic metadata (Open) and on
                                          // end-offset queries (EndOffsets, OpenReader).
  // Journal: open a point-in-time view without RocksDB's lock, so that an auditor's tool can
  // read a journal that a running ledgerd holds; Append fails, and a missing journal is
  // NotFound rather than created. Kafka: no effect (reading never locks).
  bool read_only = false;
  // Kafka: librdkafka settings applied to every client (producer and readers) before arledger's
  // own — security.protocol, sasl.*, ssl.*, tuning. Checked by CheckKafkaSettings
  // (consumers/kafka_settings.h) at Open: nothing that weakens acks=all or idempotence.
  std::vector<std::pair<std::string, std::string>> kafka_settings;
};

class EventLog {
 public:
  virtual ~EventLog() = default;

  // Opens `topic` on the log named by `spec`: "journal:DIR" (RocksDB under DIR/<topic>) or
  // "kafka:HOST:PORT[,HOST:PORT...]". A journal is created if missing.
  static Status Open(const std::string& spec, const std::string& topic,
                     const EventLogOptions& options, std::unique_ptr<EventLog>* log);

  virtual const std::string& topic() const = 0;
  virtual int32_t partition_count() const = 0;

  // Appends durably; `positions[i]` is where `records[i]` landed.
  virtual Status Append(const std::vector<AppendRecord>& records,
                        std::vector<LogPosition>* positions) = 0;

  // The next offset to be written in each partition (the high watermark), indexed by partition.
  virtual Status EndOffsets(std::vector<int64_t>* end_offsets) = 0;

  // A reader over every partition, starting at `start_offsets[p]` (size partition_count()).
  virtual Status OpenReader(const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                            std::unique_ptr<LogReader>* reader) = 0;
};

// The partition a key maps to among `partition_count`: murmur2 as Kafka's Java client does it.
int32_t PartitionForKey(const std::string& key, int32_t partition_count);

}  // namespace arledger
