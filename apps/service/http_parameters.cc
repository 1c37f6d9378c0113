// Strict query-string parsing for the GET routes.
#include "service/http_parameters.h"

#include <charconv>

#include "service/http_util.h"

namespace arledger::http {

bool Parameters::Fail(const char* name, std::string message) {
  status_ = InvalidArgument(std::move(message));
  field_ = name;
  return false;
}

bool Parameters::Only(std::initializer_list<std::string_view> names) {
  for (const auto& [name, value] : request_.params) {
    bool known = false;
    for (std::string_view allowed : names) known = known || name == allowed;
    if (!known) return Fail(name.c_str(), "unknown parameter '" + name + "'");
  }
  return true;
}

bool Parameters::DateOf(const char* name, std::optional<Date> fallback, Date* out) {
  if (!request_.has_param(name)) {
    if (!fallback) return Fail(name, std::string(name) + " is required (YYYY-MM-DD)");
    *out = *fallback;
    return true;
  }
  Result<Date> date = Date::Parse(request_.get_param_value(name));
  if (!date.ok()) return Fail(name, std::string(name) + ": " + date.status().message());
  *out = *date;
  return true;
}

bool Parameters::Size(const char* name, size_t fallback, size_t max, size_t* out) {
  if (!request_.has_param(name)) {
    *out = fallback;
    return true;
  }
  const std::string text = request_.get_param_value(name);
  size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return Fail(name, std::string(name) + " must be an integer within 1.." + std::to_string(max));
  }
  *out = value;
  return true;
}

bool Parameters::Choice(const char* name, std::initializer_list<std::string_view> choices,
                        std::string_view fallback, std::string* out) {
  *out = request_.has_param(name) ? request_.get_param_value(name) : std::string(fallback);
  std::string listed;
  for (std::string_view choice : choices) {
    if (*out == choice) return true;
    listed += (listed.empty() ? "'" : ", '") + std::string(choice) + "'";
  }
  return Fail(name, std::string(name) + " must be one of " + listed);
}

std::string Parameters::Text(const char* name) const {
  return request_.has_param(name) ? request_.get_param_value(name) : std::string();
}

void Parameters::Answer(httplib::Response& response) const {
  AnswerError(response, status_, field_);
}

void AnswerQueryError(httplib::Response& response, const Status& status,
                      std::initializer_list<std::string_view> fields) {
  std::string field;
  if (status.code() == StatusCode::kInvalidArgument) {
    for (std::string_view candidate : fields) {
      if (status.message().rfind(candidate, 0) == 0) field = std::string(candidate);
    }
  }
  AnswerError(response, status, field);
}

bool WantsCsv(const httplib::Request& request) {
  return request.get_header_value("Accept").find("text/csv") != std::string::npos ||
         request.get_param_value("format") == "csv";
}

}  // namespace arledger::http
