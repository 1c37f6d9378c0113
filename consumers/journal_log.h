// The journal backend of EventLog: the embedded, single-machine log (internal to consumers/).
//
// A JournalLog and its readers share one JournalStore (journal_store.h) per directory; each
// holds it by shared_ptr, so readers may outlive the log that opened them. Durability: Append
// returns OK once the batch is in RocksDB's synced WAL. Thread-safety: as EventLog (any thread);
// a reader belongs to one thread. A reader's Poll waits on a condition variable that Append in
// this process signals; appends by another process are seen on the next poll, without a wake-up
// (RocksDB's lock normally keeps other processes out anyway). With options.read_only the log is
// a point-in-time view that another process may hold open for writing; its Append fails.
#pragma once

#include <memory>
#include <string>

#include "consumers/event_log.h"

namespace arledger::journal {

// Opens the journal of `topic` under `dir` (the database lives in `dir`/`topic`).
Status OpenJournalLog(const std::string& dir, const std::string& topic,
                      const EventLogOptions& options, std::unique_ptr<EventLog>* log);

}  // namespace arledger::journal
