// Proves GET /v1/worklists/{collector_id}, /v1/promises/due and /v1/promises/broken over HTTP on
// 127.0.0.1 against a portfolio worked by hand, as of 2026-03-31, with the default weights
// (core/worklist_score.h: 100 points per decade of the largest overdue amount in major units,
// 2 per day past due, 150 per broken promise, 300 for a promise due today, 5 per day since
// the last contact, at most 30 days; grace 0). Collector carol's accounts, all GBP:
//
//   W1, W10, W11  1,000.00 due 03-01 (30 days), never contacted:
//                 floor(100 log10(1001)) = 300 + 2x30 + 5x30 = 510 each (ties: by account id)
//   W2            149.00 due 01-30 (60 days), call noted 03-29:
//                 floor(100 log10(150)) = 217 + 120 + 5x2 = 347
//   W3            500.00 due 03-21 (10 days), promise 100.00 by 03-25 never paid (broken):
//                 floor(100 log10(501)) = 269 + 20 + 150 + 150 = 589
//   W4            800.00 due 02-01, all of it disputed: nothing to chase, not listed
//   W5            200.00 due 02-01 (58 days), 150.00 of it disputed: 50.00 chaseable:
//                 floor(100 log10(51)) = 170 + 116 + 150 = 436
//   W6            referred on 03-01: excluded
//   W7            status insolvency: excluded
//   W8            plan 3 x 200.00 (03-15, 04-15, 05-15), 200.00 paid 03-14: kept so far, excluded
//   W9            50.00 due 03-16 (15 days), promise 50.00 by 03-31 (due today, pending):
//                 170 + 30 + 300 + 150 = 650
//   W12           100.00 due 04-10: not yet due, not listed
// So carol: 12 accounts, 3 excluded, 7 listed in the order W9 650, W3 589, W1 510, W10 510,
// W11 510, W5 436, W2 347. W13 belongs to dave and has a promise broken on 03-05.
#include <gtest/gtest.h>

#include "tests/integration/query_fixture.h"

namespace arledger::testing {
namespace {

constexpr int kPagesMax = 20;  // Bound on the paging loops below.

v1::EventEnvelope Open(const std::string& account, const std::string& collector = "carol") {
  return JsonEvent(account + ":open", account, "2026-01-01",
                   R"("account_opened":{"name":"Customer )" + account + R"(","collector_id":")" +
                       collector + R"("})");
}

v1::EventEnvelope Invoice(const std::string& account, int64_t amount_minor,
                          const std::string& issue_date, const std::string& due_date) {
  return JsonEvent(account + ":inv", account, issue_date,
                   R"("invoice_issued":{"invoice_id":")" + account + R"(-I","issue_date":")" +
                       issue_date + R"(","due_date":")" + due_date + R"(","amount":)" +
                       Money(amount_minor, "GBP") + "}");
}

v1::EventEnvelope Promise(const std::string& account, const std::string& made_date,
                          int64_t amount_minor, const std::string& promise_date) {
  return JsonEvent(account + ":promise", account, made_date,
                   R"("promise_made":{"promise_id":")" + account + R"(-P","amount":)" +
                       Money(amount_minor, "GBP") + R"(,"promise_date":")" + promise_date +
                       R"("})");
}

v1::EventEnvelope Payment(const std::string& account, int64_t amount_minor,
                          const std::string& date) {
  return JsonEvent(account + ":pay:" + date, account, date,
                   R"("payment_received":{"payment_id":")" + account + "-" + date +
                       R"(","amount":)" + Money(amount_minor, "GBP") +
                       R"(,"method":"PAYMENT_METHOD_CARD"})");
}

v1::EventEnvelope Dispute(const std::string& account, int64_t amount_minor) {
  return JsonEvent(account + ":dispute", account, "2026-02-10",
                   R"("dispute_raised":{"dispute_id":")" + account + R"(-D","invoice_id":")" +
                       account + R"(-I","reason_code":"pricing","amount":)" +
                       Money(amount_minor, "GBP") + "}");
}

class WorklistRoutesTest : public QueryRoutesTest {
 protected:
  void SetUp() override {
    QueryRoutesTest::SetUp();
    std::vector<v1::EventEnvelope> events;
    for (const char* account : {"W1", "W10", "W11"}) {
      events.push_back(Open(account));
      events.push_back(Invoice(account, 100000, "2026-01-30", "2026-03-01"));
    }
    const std::vector<v1::EventEnvelope> rest = {
        Open("W2"),
        Invoice("W2", 14900, "2026-01-01", "2026-01-30"),
        JsonEvent("W2:note", "W2", "2026-03-29",
                  R"("note_added":{"note_id":"N1","text":"called",)"
                  R"("contact_channel":"CONTACT_CHANNEL_CALL"})"),
        Open("W3"),
        Invoice("W3", 50000, "2026-02-19", "2026-03-21"),
        Promise("W3", "2026-03-22", 10000, "2026-03-25"),
        Open("W4"),
        Invoice("W4", 80000, "2026-01-02", "2026-02-01"),
        Dispute("W4", 80000),
        Open("W5"),
        Invoice("W5", 20000, "2026-01-02", "2026-02-01"),
        Dispute("W5", 15000),
        Open("W6"),
        Invoice("W6", 30000, "2026-01-02", "2026-02-01"),
        JsonEvent("W6:referral", "W6", "2026-03-01",
                  R"("referral_made":{"referral_id":"R6","type":"REFERRAL_TYPE_EXTERNAL_AGENT"})"),
        Open("W7"),
        Invoice("W7", 30000, "2026-01-02", "2026-02-01"),
        JsonEvent("W7:status", "W7", "2026-03-02",
                  R"("account_updated":{"status":"ACCOUNT_STATUS_INSOLVENCY"})"),
        Open("W8"),
        Invoice("W8", 60000, "2026-01-02", "2026-02-01"),
        JsonEvent("W8:plan", "W8", "2026-03-01",
                  R"("payment_plan_agreed":{"plan_id":"PL8","instalments":[)"
                  R"({"due_date":"2026-03-15","amount":)" +
                      Money(20000, "GBP") + R"(},{"due_date":"2026-04-15","amount":)" +
                      Money(20000, "GBP") + R"(},{"due_date":"2026-05-15","amount":)" +
                      Money(20000, "GBP") + "}]}"),
        Payment("W8", 20000, "2026-03-14"),
        Open("W9"),
        Invoice("W9", 5000, "2026-03-01", "2026-03-16"),
        Promise("W9", "2026-03-20", 5000, "2026-03-31"),
        Open("W12"),
        Invoice("W12", 10000, "2026-03-11", "2026-04-10"),
        Open("W13", "dave"),
        Invoice("W13", 10000, "2026-01-02", "2026-02-01"),
        Promise("W13", "2026-03-02", 10000, "2026-03-05"),
    };
    events.insert(events.end(), rest.begin(), rest.end());
    ASSERT_NO_FATAL_FAILURE(PublishApplied(events));
  }

  // Every page of carol's worklist as of `as_of`, `page_size` entries at a time.
  std::vector<v1::Worklist> AllPages(const std::string& as_of, size_t page_size) {
    std::vector<v1::Worklist> pages;
    std::string token;
    for (int page = 0; page < kPagesMax; ++page) {
      v1::Worklist worklist;
      GetJson("/v1/worklists/carol?as_of=" + as_of + "&page_size=" + std::to_string(page_size) +
                  (token.empty() ? "" : "&page_token=" + token),
              200, &worklist);
      pages.push_back(worklist);
      token = worklist.next_page_token();
      if (token.empty()) break;
    }
    return pages;
  }
};

// The order, scores, parts and counts of the hand-worked example, on one page.
TEST_F(WorklistRoutesTest, OrderScoresAndExclusionsMatchTheHandWorkedExample) {
  v1::Worklist worklist;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/worklists/carol?as_of=2026-03-31", 200, &worklist));
  EXPECT_EQ(worklist.accounts(), 12);
  EXPECT_EQ(worklist.excluded(), 3);
  EXPECT_EQ(worklist.entries_total(), 7);
  const std::vector<std::pair<std::string, int64_t>> expected = {
      {"W9", 650}, {"W3", 589}, {"W1", 510}, {"W10", 510}, {"W11", 510}, {"W5", 436}, {"W2", 347}};
  ASSERT_EQ(worklist.entries_size(), 7);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(worklist.entries(i).account_id(), expected[i].first) << "rank " << i + 1;
    EXPECT_EQ(worklist.entries(i).score(), expected[i].second) << expected[i].first;
    EXPECT_EQ(worklist.entries(i).rank(), static_cast<int64_t>(i + 1));
  }
  EXPECT_TRUE(worklist.next_page_token().empty());
  const v1::WorklistEntry& w9 = worklist.entries(0);
  EXPECT_TRUE(w9.promise_due());
  EXPECT_EQ(w9.parts().amount(), 170);
  EXPECT_EQ(w9.parts().age(), 30);
  EXPECT_EQ(w9.parts().promise_due(), 300);
  EXPECT_EQ(w9.parts().contact(), 150);
  const v1::WorklistEntry& w3 = worklist.entries(1);
  EXPECT_EQ(w3.broken_promises(), 1);
  EXPECT_EQ(w3.parts().broken_promises(), 150);
  EXPECT_EQ(w3.days_past_due(), 10);
  const v1::WorklistEntry& w5 = worklist.entries(5);
  ASSERT_EQ(w5.overdue_size(), 1);
  EXPECT_EQ(w5.overdue(0).amount_minor(), 5000);
  ASSERT_EQ(w5.disputed_size(), 1);
  EXPECT_EQ(w5.disputed(0).amount_minor(), 15000);
  const v1::WorklistEntry& w2 = worklist.entries(6);
  EXPECT_EQ(w2.last_contact_date(), "2026-03-29");
  EXPECT_EQ(w2.parts().contact(), 10);
  EXPECT_EQ(w2.days_past_due(), 60);
}

// Pages of 3 walk the same order with no entry repeated or missed, ranks continue across
// pages, and re-reading a page with its token answers the same page.
TEST_F(WorklistRoutesTest, PagesWalkTheWholeOrderAndTokensAreStable) {
  const std::vector<v1::Worklist> pages = AllPages("2026-03-31", 3);
  ASSERT_EQ(pages.size(), 3u);
  std::vector<std::string> order;
  for (const v1::Worklist& page : pages) {
    for (const v1::WorklistEntry& entry : page.entries()) {
      order.push_back(entry.account_id());
      EXPECT_EQ(entry.rank(), static_cast<int64_t>(order.size()));
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"W9", "W3", "W1", "W10", "W11", "W5", "W2"}));
  v1::Worklist again;
  ASSERT_NO_FATAL_FAILURE(GetJson(
      "/v1/worklists/carol?as_of=2026-03-31&page_size=3&page_token=" + pages[0].next_page_token(),
      200, &again));
  EXPECT_EQ(again.SerializeAsString(), pages[1].SerializeAsString());
}

// A token holds a position in the order (score, account id), not an offset: an account that
// joins above the cursor after page 1 was read does not shift page 2 (no entry is repeated).
TEST_F(WorklistRoutesTest, ATokenResumesAfterItsPositionWhenTheListChanges) {
  v1::Worklist first;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/worklists/carol?as_of=2026-03-31&page_size=3", 200, &first));
  ASSERT_EQ(first.entries(2).account_id(), "W1");
  ASSERT_NO_FATAL_FAILURE(
      PublishApplied({Open("W0"), Invoice("W0", 9900000, "2026-01-01", "2026-01-31")}));
  v1::Worklist second;
  ASSERT_NO_FATAL_FAILURE(GetJson(
      "/v1/worklists/carol?as_of=2026-03-31&page_size=3&page_token=" + first.next_page_token(), 200,
      &second));
  ASSERT_EQ(second.entries_size(), 3);
  EXPECT_EQ(second.entries(0).account_id(), "W10");
  EXPECT_EQ(second.entries(1).account_id(), "W11");
  EXPECT_EQ(second.entries(2).account_id(), "W5");
  EXPECT_EQ(second.entries_total(), 8);  // W0 now heads the list.
  EXPECT_EQ(second.entries(0).rank(), 5);
}

// As of 03-24, before W3's promise deadline and W2's call (the summaries are rebuilt from the
// state as of that day): W3 = 269 + 2x3 + 0 + 150 = 425; W2 = 217 + 2x53 + 150 = 473;
// W9's promise was made 03-20, due 03-31: not due today, and its invoice is 8 days late:
// 170 + 16 + 150 = 336.
TEST_F(WorklistRoutesTest, APastAsOfSeesOnlyWhatHadHappenedThen) {
  v1::Worklist worklist;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/worklists/carol?as_of=2026-03-24", 200, &worklist));
  std::map<std::string, const v1::WorklistEntry*> by_account;
  for (const v1::WorklistEntry& entry : worklist.entries()) by_account[entry.account_id()] = &entry;
  ASSERT_TRUE(by_account.count("W3") && by_account.count("W2") && by_account.count("W9"));
  EXPECT_EQ(by_account["W3"]->score(), 425);
  EXPECT_EQ(by_account["W3"]->broken_promises(), 0);
  EXPECT_EQ(by_account["W2"]->score(), 473);
  EXPECT_EQ(by_account["W2"]->last_contact_date(), "");
  EXPECT_EQ(by_account["W9"]->score(), 336);
  EXPECT_FALSE(by_account["W9"]->promise_due());
}

// Promises due on a day: W9's promise on 03-31 (pending), W8's first instalment on 03-15
// (met by the 03-14 payment); broken since 03-01 as of 03-31: W13's (03-05, dave) then W3's
// (03-25, carol), in due-date order; carol's only: W3's; since 03-26: none.
TEST_F(WorklistRoutesTest, PromisesDueOnADayAndBrokenSinceADay) {
  v1::PromiseList due;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/promises/due?date=2026-03-31&as_of=2026-03-31", 200, &due));
  ASSERT_EQ(due.promises_size(), 1);
  EXPECT_EQ(due.promises(0).account_id(), "W9");
  EXPECT_EQ(due.promises(0).status(), "pending");
  EXPECT_EQ(due.promises(0).instalment(), 0);
  EXPECT_EQ(due.promises(0).amount().amount_minor(), 5000);

  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/promises/due?date=2026-03-15&as_of=2026-03-31", 200, &due));
  ASSERT_EQ(due.promises_size(), 1);
  EXPECT_EQ(due.promises(0).promise_id(), "PL8");
  EXPECT_EQ(due.promises(0).instalment(), 1);
  EXPECT_EQ(due.promises(0).status(), "kept");

  v1::PromiseList broken;
  ASSERT_NO_FATAL_FAILURE(
      GetJson("/v1/promises/broken?since=2026-03-01&as_of=2026-03-31", 200, &broken));
  ASSERT_EQ(broken.promises_size(), 2);
  EXPECT_EQ(broken.promises(0).account_id(), "W13");
  EXPECT_EQ(broken.promises(0).collector_id(), "dave");
  EXPECT_EQ(broken.promises(1).account_id(), "W3");
  EXPECT_EQ(broken.promises(1).due_date(), "2026-03-25");
  EXPECT_EQ(broken.promises(1).status(), "broken");

  ASSERT_NO_FATAL_FAILURE(GetJson(
      "/v1/promises/broken?since=2026-03-01&as_of=2026-03-31&collector_id=carol", 200, &broken));
  ASSERT_EQ(broken.promises_size(), 1);
  EXPECT_EQ(broken.promises(0).account_id(), "W3");

  ASSERT_NO_FATAL_FAILURE(
      GetJson("/v1/promises/broken?since=2026-03-26&as_of=2026-03-31", 200, &broken));
  EXPECT_EQ(broken.promises_size(), 0);
  // As of 03-25 (the deadline day itself) W3's promise is still pending, not broken.
  ASSERT_NO_FATAL_FAILURE(
      GetJson("/v1/promises/broken?since=2026-03-01&as_of=2026-03-25", 200, &broken));
  ASSERT_EQ(broken.promises_size(), 1);
  EXPECT_EQ(broken.promises(0).account_id(), "W13");
}

// Broken promises one to a page: every page token leads on, the pages together hold exactly
// the two broken promises, and the walk ends with an empty token.
TEST_F(WorklistRoutesTest, BrokenPromisesPageOneAtATime) {
  std::vector<std::string> accounts;
  std::string token;
  int pages = 0;
  for (; pages < kPagesMax; ++pages) {
    v1::PromiseList page;
    ASSERT_NO_FATAL_FAILURE(
        GetJson("/v1/promises/broken?since=2026-03-01&as_of=2026-03-31&page_size=1" +
                    (token.empty() ? std::string() : "&page_token=" + token),
                200, &page));
    EXPECT_LE(page.promises_size(), 1);
    for (const v1::PromiseDue& promise : page.promises()) accounts.push_back(promise.account_id());
    token = page.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_LT(pages, kPagesMax);
  EXPECT_EQ(accounts, (std::vector<std::string>{"W13", "W3"}));
}

}  // namespace
}  // namespace arledger::testing
