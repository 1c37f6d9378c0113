// The operator routes under /v1/admin, registered on HttpApi's server by one call:
//
//   POST /v1/admin/backup   {"directory": "/abs/path"} -> BackupResponse (offsets, digest)
//
// The backup is written on the server's machine by the running ledgerd (the one process that
// may open its store): an absolute directory that does not exist or is empty (else 422). It
// takes as long as a checkpoint and a digest of the copy; the answer describes the copy.
// Thread-safety: handlers may run concurrently with the consume loop and with each other.
#pragma once

#include <httplib.h>

#include "service/ledger_service.h"
#include "service/metrics.h"

namespace arledger {

void RegisterAdminRoutes(httplib::Server* server, const LedgerService* service, Metrics* metrics);

}  // namespace arledger
