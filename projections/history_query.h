// An account's event history, oldest first, paged: every event the fold decided for the
// account, with its log position, business date, type, outcome and the event itself.
// Thread-safe (reads one StoreView).
#pragma once

#include <string>

#include "arledger/v1/api.pb.h"
#include "core/status.h"
#include "projections/store_view.h"

namespace arledger {

inline constexpr size_t kHistoryPageSizeDefault = 100;
inline constexpr size_t kHistoryPageSizeMax = 1000;

struct HistoryRequest {
  std::string account_id;
  size_t page_size = kHistoryPageSizeDefault;  // 1..kHistoryPageSizeMax.
  std::string page_token;
};

// NotFound when the account has no events; InvalidArgument for a bad page size or token.
Status QueryAccountEvents(const StoreView& view, const HistoryRequest& request,
                          v1::AccountEventsPage* page);

}  // namespace arledger
