// The write-off authority matrix the simulated business runs under, and its one revision.
//
// Revision 1 opens the history: collectors may write off up to GBP 250 / EUR 300 on their own;
// team leaders up to GBP 5,000 / EUR 6,000 and may approve; finance up to GBP 1M / EUR 1.2M and
// may approve. Revision 2, mid-way, doubles the collectors' limits. The generator reads the
// same table to know which requests the fold will apply at once and which wait for approval,
// and who can approve them. Constant data; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "arledger/v1/events.pb.h"

namespace arledger::sim {

inline constexpr char kCollectorRole[] = "collector";
inline constexpr char kTeamLeaderRole[] = "team_leader";
inline constexpr char kFinanceRole[] = "finance";
inline constexpr int32_t kPolicyRevisionMonth = 6;  // Months after the start.

// Fills `body` with the whole matrix of `revision` (1 or 2).
void FillAuthorityPolicy(int revision, v1::AuthorityPolicySet* body);

// The largest write-off (minor units) a collector may make alone under `revision`.
int64_t CollectorLimitMinor(int revision, bool eur);

// The role that approves a write-off of `amount_minor` above a collector's limit.
const char* ApproverRole(int64_t amount_minor, bool eur);

}  // namespace arledger::sim
