#include "sim/sim_authority.h"

namespace arledger::sim {
namespace {

constexpr int64_t kCollectorGbpMinor = 25'000;
constexpr int64_t kCollectorEurMinor = 30'000;
constexpr int64_t kTeamLeaderGbpMinor = 500'000;
constexpr int64_t kTeamLeaderEurMinor = 600'000;
constexpr int64_t kFinanceGbpMinor = 100'000'000;
constexpr int64_t kFinanceEurMinor = 120'000'000;

void AddRule(v1::AuthorityPolicySet* body, const char* role, int64_t limit_minor,
             const char* currency, bool may_approve) {
  v1::AuthorityRule* rule = body->add_rules();
  rule->set_role(role);
  rule->mutable_write_off_limit()->set_amount_minor(limit_minor);
  rule->mutable_write_off_limit()->set_currency(currency);
  rule->set_may_approve(may_approve);
}

}  // namespace

void FillAuthorityPolicy(int revision, v1::AuthorityPolicySet* body) {
  body->set_policy_id("authority-v" + std::to_string(revision));
  AddRule(body, kCollectorRole, CollectorLimitMinor(revision, false), "GBP", false);
  AddRule(body, kCollectorRole, CollectorLimitMinor(revision, true), "EUR", false);
  AddRule(body, kTeamLeaderRole, kTeamLeaderGbpMinor, "GBP", true);
  AddRule(body, kTeamLeaderRole, kTeamLeaderEurMinor, "EUR", true);
  AddRule(body, kFinanceRole, kFinanceGbpMinor, "GBP", true);
  AddRule(body, kFinanceRole, kFinanceEurMinor, "EUR", true);
}

int64_t CollectorLimitMinor(int revision, bool eur) {
  const int64_t base_minor = eur ? kCollectorEurMinor : kCollectorGbpMinor;
  return revision >= 2 ? 2 * base_minor : base_minor;
}

const char* ApproverRole(int64_t amount_minor, bool eur) {
  return amount_minor <= (eur ? kTeamLeaderEurMinor : kTeamLeaderGbpMinor) ? kTeamLeaderRole
                                                                           : kFinanceRole;
}

}  // namespace arledger::sim
