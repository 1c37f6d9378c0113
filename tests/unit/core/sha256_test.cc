// Proves that Sha256 gives the standard's digests (FIPS 180-2 test vectors) whichever way it is
// called: one-shot (Of, which reuses one context per thread), incrementally, and as a hash-chain
// link (ChainNext(h, r) == SHA-256(h || r)); that one-shot hashes in a row do not leak into one
// another (each starts afresh on the reused context); and that threads hashing at once each get
// the right digests.
#include "core/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace arledger {
namespace {

constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kTwoBlocks[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr char kTwoBlocksInput[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256Test, OneShotGivesTheStandardDigestsCallAfterCall) {
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(ToHex(Sha256::Of("")), kEmpty);
    EXPECT_EQ(ToHex(Sha256::Of("abc")), kAbc);
    EXPECT_EQ(ToHex(Sha256::Of(kTwoBlocksInput)), kTwoBlocks);
  }
}

TEST(Sha256Test, IncrementalAndChainLinksHashTheConcatenation) {
  Sha256 hash;
  hash.Update("abcdbcdecdefdefgefgh");
  hash.Update("");
  hash.Update("fghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(ToHex(hash.Finish()), kTwoBlocks);
  EXPECT_EQ(ToHex(Sha256::ChainNext("ab", "c")), kAbc);
  EXPECT_EQ(ToHex(Sha256::ChainNext("", "abc")), kAbc);
  EXPECT_EQ(ToHex(Sha256::ChainNext("abc", "")), kAbc);
  EXPECT_EQ(ToHex(Sha256::ChainNext("", "")), kEmpty);
}

TEST(Sha256Test, ThreadsHashingAtOnceEachGetTheRightDigests) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        const bool right = (i + t) % 2 == 0 ? ToHex(Sha256::Of("abc")) == kAbc
                                            : ToHex(Sha256::ChainNext("a", "bc")) == kAbc;
        wrong[t] += right ? 0 : 1;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(wrong.size(), 0));
}

}  // namespace
}  // namespace arledger
