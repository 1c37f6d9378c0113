// The operator routes: request decoding, the backup, the answer.
#include "service/http_admin.h"

#include <filesystem>

#include "arledger/v1/admin.pb.h"
#include "service/http_util.h"
#include "service/json.h"

namespace arledger {

void RegisterAdminRoutes(httplib::Server* server, const LedgerService* service, Metrics* metrics) {
  server->Post("/v1/admin/backup",
               http::Timed(metrics, "/v1/admin/backup",
                           [service](const httplib::Request& request, httplib::Response& response) {
                             v1::BackupRequest backup;
                             if (Status parsed = ParseJson(request.body, &backup); !parsed.ok()) {
                               return http::AnswerError(response, parsed);
                             }
                             if (!std::filesystem::path(backup.directory()).is_absolute()) {
                               return http::AnswerError(
                                   response,
                                   InvalidArgument("directory must be an absolute path on the "
                                                   "server's machine"),
                                   "directory");
                             }
                             v1::BackupResponse report;
                             Status status = service->Backup(backup.directory(), &report);
                             if (!status.ok()) return http::AnswerError(response, status);
                             http::Answer(response, 200, report);
                           }));
}

}  // namespace arledger
