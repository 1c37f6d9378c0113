// Error conversion, configuration and handles for the Kafka backend.
#include "consumers/kafka_common.h"

#include <syslog.h>

#include <cstdio>

#include "consumers/kafka_settings.h"

namespace arledger::kafka {
namespace {

void QuietLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
  if (level <= LOG_CRIT) std::fprintf(stderr, "librdkafka %s: %s\n", facility, message);
}

StatusCode CodeFor(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return StatusCode::kDeadlineExceeded;
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
      return StatusCode::kNotFound;
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
      return StatusCode::kInvalidArgument;
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
      return StatusCode::kOutOfRange;
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
      return StatusCode::kPermissionDenied;
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER:
    case RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH:
      return StatusCode::kInternal;
    default:
      return StatusCode::kUnavailable;  // Transport, leadership, replicas: retry may help.
  }
}

}  // namespace

Status KafkaStatus(rd_kafka_resp_err_t err, const std::string& what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
  return Status(CodeFor(err),
                what + ": " + rd_kafka_err2name(err) + " (" + rd_kafka_err2str(err) + ")");
}

Status MakeConf(const Settings& client_settings, const Settings& settings, Conf* conf) {
  Conf made(rd_kafka_conf_new());
  char error[512];
  for (const Settings* applied : {&client_settings, &settings}) {
    for (const auto& [name, value] : *applied) {
      if (rd_kafka_conf_set(made.get(), name.c_str(), value.c_str(), error, sizeof(error)) !=
          RD_KAFKA_CONF_OK) {
        const std::string shown = IsSecretKafkaSetting(name) ? "[redacted]" : value;
        return InvalidArgument("kafka setting " + name + "=" + shown + ": " + error);
      }
    }
  }
  rd_kafka_conf_set_log_cb(made.get(), QuietLog);
  *conf = std::move(made);
  return Status::Ok();
}

Status NewHandle(rd_kafka_type_t type, Conf conf, Handle* handle) {
  char error[512];
  rd_kafka_t* made = rd_kafka_new(type, conf.get(), error, sizeof(error));
  if (made == nullptr) return InvalidArgument(std::string("kafka client: ") + error);
  conf.release();  // rd_kafka_new took it.
  handle->reset(made);
  return Status::Ok();
}

}  // namespace arledger::kafka
