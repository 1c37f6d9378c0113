// Proves the GET routes' parameter handling and the account routes over HTTP on 127.0.0.1:
// - a table of bad parameters, each answered 400 invalid_argument with the ErrorResponse
//   naming the parameter at fault (so a client can show which field to fix);
// - account history paging: 5 events read 2 at a time in order, the last page without a
//   token, a token from another account refused;
// - the account view as of a date before a contact note does not show that contact.
#include <gtest/gtest.h>

#include "service/json.h"
#include "tests/integration/query_fixture.h"

namespace arledger::testing {
namespace {

constexpr int kPagesMax = 10;  // Bound on the paging loop below.

class QueryParametersTest : public QueryRoutesTest {
 protected:
  void SetUp() override {
    QueryRoutesTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(PublishApplied({
        JsonEvent("h0", "H", "2026-01-01",
                  R"("account_opened":{"name":"H","collector_id":"carol"})"),
        JsonEvent("h1", "H", "2026-01-02",
                  R"("invoice_issued":{"invoice_id":"H1","issue_date":"2026-01-02",)"
                  R"("due_date":"2026-02-01","amount":)" +
                      Money(10000, "GBP") + "}"),
        JsonEvent("h2", "H", "2026-02-10",
                  R"("note_added":{"note_id":"N1","text":"called, no answer",)"
                  R"("contact_channel":"CONTACT_CHANNEL_CALL"})"),
        JsonEvent("h3", "H", "2026-02-11",
                  R"("payment_received":{"payment_id":"HP","amount":)" + Money(4000, "GBP") +
                      R"(,"method":"PAYMENT_METHOD_CARD"})"),
        JsonEvent("h4", "H", "2026-02-12",
                  R"("promise_made":{"promise_id":"HP1","amount":)" + Money(6000, "GBP") +
                      R"(,"promise_date":"2026-02-28"})"),
        JsonEvent("g0", "G", "2026-01-01",
                  R"("account_opened":{"name":"G","collector_id":"carol"})"),
    }));
  }
};

struct BadParameter {
  const char* target;
  const char* field;
};

// Each target is wrong in exactly one parameter; the answer names it.
TEST_F(QueryParametersTest, EveryBadParameterIs400NamingIt) {
  const BadParameter table[] = {
      {"/v1/accounts/H?as_of=2026-13-01", "as_of"},
      {"/v1/accounts/H/events?page_size=0", "page_size"},
      {"/v1/accounts/H/events?page_size=1001", "page_size"},
      {"/v1/accounts/H/events?page_size=ten", "page_size"},
      {"/v1/accounts/H/events?page_token=zz", "page_token"},
      {"/v1/accounts/H/events?limit=5", "limit"},
      {"/v1/reports/aged-debt?as_of=31-03-2026", "as_of"},
      {"/v1/reports/aged-debt?group_by=region", "group_by"},
      {"/v1/reports/aged-debt?basis=fast", "basis"},
      {"/v1/reports/aged-debt?lines=yes", "lines"},
      {"/v1/reports/aged-debt?format=xml", "format"},
      {"/v1/worklists/carol?as_of=2026-02-30", "as_of"},
      {"/v1/worklists/carol?page_size=501", "page_size"},
      {"/v1/worklists/carol?page_token=abc", "page_token"},
      {"/v1/worklists/carol?page_token=6162", "page_token"},
      {"/v1/worklists/carol?asof=2026-03-31", "asof"},
      {"/v1/promises/due?date=tomorrow", "date"},
      {"/v1/promises/due?page_size=1001", "page_size"},
      {"/v1/promises/due?since=2026-03-01", "since"},
      {"/v1/promises/broken", "since"},
      {"/v1/promises/broken?since=2026-04-01&as_of=2026-03-31", "since"},
      {"/v1/promises/broken?since=2025-01-01&as_of=2026-03-31", "since"},
      {"/v1/promises/broken?since=2026-03-01&as_of=03/31/2026", "as_of"},
      {"/v1/promises/broken?since=2026-03-01&page_token=0g", "page_token"},
      {"/v1/kpis?from=2026-04-01&to=2026-03-31", "from"},
      {"/v1/kpis?from=2010-01-01&to=2026-03-31", "from"},
      {"/v1/kpis?to=2026-02-29", "to"},
      {"/v1/kpis?currency=XYZ", "currency"},
      {"/v1/kpis?currency=gbp", "currency"},
      {"/v1/kpis?period=month", "period"},
  };
  for (const BadParameter& bad : table) {
    SCOPED_TRACE(bad.target);
    httplib::Result result = client().Get(bad.target);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << result->body;
    v1::ErrorResponse error;
    ASSERT_TRUE(ParseJson(result->body, &error).ok()) << result->body;
    EXPECT_EQ(error.code(), "invalid_argument");
    EXPECT_EQ(error.field(), bad.field) << error.message();
    EXPECT_FALSE(error.message().empty());
  }
}

// H's five events, two to a page: three pages, oldest first, sequences strictly increasing,
// the last page without a token; G's history does not accept H's token.
TEST_F(QueryParametersTest, HistoryPagesInOrderAndTokensBelongToTheirAccount) {
  std::vector<std::string> types;
  std::vector<int64_t> sequences;
  std::string token, first_token;
  int pages = 0;
  for (; pages < kPagesMax; ++pages) {
    v1::AccountEventsPage page;
    ASSERT_NO_FATAL_FAILURE(GetJson("/v1/accounts/H/events?page_size=2" +
                                        (token.empty() ? std::string() : "&page_token=" + token),
                                    200, &page));
    EXPECT_LE(page.events_size(), 2);
    for (const v1::AccountEvent& event : page.events()) {
      types.push_back(event.event_type());
      sequences.push_back(event.sequence());
      EXPECT_EQ(event.outcome(), v1::OUTCOME_APPLIED);
    }
    token = page.next_page_token();
    if (first_token.empty()) first_token = token;
    if (token.empty()) break;
  }
  EXPECT_EQ(pages + 1, 3);
  EXPECT_EQ(types, (std::vector<std::string>{"account_opened", "invoice_issued", "note_added",
                                             "payment_received", "promise_made"}));
  for (size_t i = 1; i < sequences.size(); ++i) EXPECT_LT(sequences[i - 1], sequences[i]);
  v1::ErrorResponse error;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/accounts/G/events?page_token=" + first_token, 400, &error));
  EXPECT_EQ(error.field(), "page_token");
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/accounts/NOBODY/events", 404, nullptr));
}

// The account view is as of its date in everything: the call noted on 02-10 is H's last
// contact from that day on, and not before it (earlier views knew of no contact).
TEST_F(QueryParametersTest, AccountViewShowsOnlyContactMadeByItsDate) {
  v1::AccountView view;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/accounts/H?as_of=2026-02-28", 200, &view));
  EXPECT_EQ(view.last_contact_date(), "2026-02-10");
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/accounts/H?as_of=2026-02-09", 200, &view));
  EXPECT_EQ(view.last_contact_date(), "");
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).balance_minor(), 10000);
}

}  // namespace
}  // namespace arledger::testing
