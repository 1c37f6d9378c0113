// Query-string parameters of the GET routes: strict parsing with a named bound for each, and
// one 400 answer naming the parameter at fault. Unknown parameters are refused too, so that a
// typo (?asof=) is an error rather than a silently ignored filter.
//
// Usage: chain the parsers; on the first failure they return false and Answer() sends the 400.
// One Parameters per request; not thread-safe.
#pragma once

#include <httplib.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace arledger::http {

class Parameters {
 public:
  explicit Parameters(const httplib::Request& request) : request_(request) {}

  // False when the request carries a parameter not in `names`.
  bool Only(std::initializer_list<std::string_view> names);
  // A YYYY-MM-DD date; `fallback` when absent (nullopt: required).
  bool DateOf(const char* name, std::optional<Date> fallback, Date* out);
  // An integer within [1, max]; `fallback` when absent.
  bool Size(const char* name, size_t fallback, size_t max, size_t* out);
  // One of `choices`; `fallback` when absent.
  bool Choice(const char* name, std::initializer_list<std::string_view> choices,
              std::string_view fallback, std::string* out);
  // The raw value ("" when absent).
  std::string Text(const char* name) const;

  // Sends the 400 for the first failure.
  void Answer(httplib::Response& response) const;

 private:
  bool Fail(const char* name, std::string message);

  const httplib::Request& request_;
  Status status_;
  std::string field_;
};

// Answers a query's error status; an InvalidArgument naming one of `fields` at its start gets
// that field in the body.
void AnswerQueryError(httplib::Response& response, const Status& status,
                      std::initializer_list<std::string_view> fields);

// True when the client asked for CSV (Accept: text/csv, or format=csv).
bool WantsCsv(const httplib::Request& request);

}  // namespace arledger::http
