// EventLog::Open: chooses the backend named by a log spec.
#include "consumers/event_log.h"

#include <string_view>

#include "consumers/journal_log.h"
#include "consumers/kafka_log.h"

namespace arledger {
namespace {

constexpr std::string_view kJournalScheme = "journal:";
constexpr std::string_view kKafkaScheme = "kafka:";

}  // namespace

Status EventLog::Open(const std::string& spec, const std::string& topic,
                      const EventLogOptions& options, std::unique_ptr<EventLog>* log) {
  const std::string_view view(spec);
  if (view.starts_with(kJournalScheme)) {
    return journal::OpenJournalLog(spec.substr(kJournalScheme.size()), topic, options, log);
  }
  if (view.starts_with(kKafkaScheme)) {
    return kafka::OpenKafkaLog(spec.substr(kKafkaScheme.size()), topic, options, log);
  }
  return InvalidArgument("event log spec '" + spec +
                         "' is neither journal:DIR nor kafka:HOST:PORT[,HOST:PORT...]");
}

}  // namespace arledger
