// QueryAccountEvents: one bounded prefix scan of the history model.
#include "projections/history_query.h"

#include "projections/history_model.h"
#include "projections/read_model_keys.h"

namespace arledger {

Status QueryAccountEvents(const StoreView& view, const HistoryRequest& request,
                          v1::AccountEventsPage* page) {
  if (request.page_size < 1 || request.page_size > kHistoryPageSizeMax) {
    return InvalidArgument("page_size must be within 1.." + std::to_string(kHistoryPageSizeMax));
  }
  const std::string prefix = HistoryPrefix(request.account_id);
  const std::string end = PrefixEnd(prefix);
  std::string begin = prefix;
  if (!request.page_token.empty()) {
    Result<std::string> decoded = DecodePageToken(request.page_token);
    if (!decoded.ok()) return decoded.status();
    if (decoded->compare(0, prefix.size(), prefix) != 0) {
      return InvalidArgument("page_token belongs to another account");
    }
    begin = std::move(*decoded);
  }
  page->Clear();
  page->set_account_id(request.account_id);
  Status failure = Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(
      view.Scan(ReadModel::kHistory, begin, end, [&](std::string_view key, std::string_view value) {
        if (static_cast<size_t>(page->events_size()) == request.page_size) {
          page->set_next_page_token(EncodePageToken(key));
          return false;
        }
        v1::HistoryRecord record;
        v1::AccountEvent* event = page->add_events();
        if (!record.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
            !event->mutable_event()->ParseFromString(record.event())) {
          failure = Corruption("history record of " + request.account_id + " does not parse");
          return false;
        }
        event->set_sequence(record.sequence());
        event->set_partition(record.partition());
        event->set_offset(record.offset());
        event->set_business_date(BusinessDate(event->event()));
        event->set_event_type(EventTypeName(event->event()));
        event->set_outcome(record.outcome());
        event->set_reason(record.reason());
        return true;
      }));
  ARLEDGER_RETURN_IF_ERROR(failure);
  if (page->events().empty() && request.page_token.empty()) {
    return NotFound("account '" + request.account_id + "' has no events");
  }
  return Status::Ok();
}

}  // namespace arledger
