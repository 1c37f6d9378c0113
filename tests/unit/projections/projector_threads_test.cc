// Proves the projector's kept threads do what it relies on:
//  - ShardThreads runs every shard with work exactly once a round, shard 0 on the caller's thread
//    and shard k always on the same thread of its own, all of a round before Run returns; not in
//    parallel, every shard runs on the caller's thread, in order;
//  - WriteThread runs writes one at a time in the order posted, hands each its Status back, and
//    runs what is still queued before it is destroyed.
// A lost wake-up would hang a round: ctest's timeout fails the test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "projections/shard_threads.h"
#include "projections/write_thread.h"

namespace arledger {
namespace {

TEST(ShardThreadsTest, EachShardKeepsItsThreadAcrossRounds) {
  constexpr size_t kShards = 4;
  constexpr int kRounds = 2000;
  ShardThreads threads(kShards);
  ASSERT_EQ(threads.shards(), kShards);
  std::vector<std::thread::id> first(kShards);
  std::vector<int> runs(kShards, 0);  // Each written only by its shard's thread.
  std::vector<int> moved(kShards, 0);
  for (int round = 0; round < kRounds; ++round) {
    threads.Run(
        true, [](size_t) { return true; },
        [&](size_t k) {
          if (runs[k]++ == 0) first[k] = std::this_thread::get_id();
          if (first[k] != std::this_thread::get_id()) ++moved[k];
        });
  }
  EXPECT_EQ(first[0], std::this_thread::get_id());
  EXPECT_EQ(std::set<std::thread::id>(first.begin(), first.end()).size(), kShards);
  for (size_t k = 0; k < kShards; ++k) {
    EXPECT_EQ(runs[k], kRounds) << "shard " << k;
    EXPECT_EQ(moved[k], 0) << "shard " << k;
  }
}

TEST(ShardThreadsTest, OnlyShardsWithWorkRunAndRunReturnsAfterAllOfThem) {
  ShardThreads threads(3);
  std::vector<int> runs(3, 0);
  for (int round = 0; round < 500; ++round) {
    std::atomic<int> finished{0};
    const size_t idle = static_cast<size_t>(round) % 3;
    threads.Run(
        true, [&](size_t k) { return k != idle; },
        [&](size_t k) {
          if (k == 2) std::this_thread::sleep_for(std::chrono::microseconds(50));
          ++runs[k];
          ++finished;
        });
    ASSERT_EQ(finished.load(), 2) << "round " << round;  // Both, before Run returned.
  }
  // Shard k is idle in the rounds r with r % 3 == k: 167, 167 and 166 of the 500.
  EXPECT_EQ(runs, (std::vector<int>{333, 333, 334}));
}

TEST(ShardThreadsTest, NotParallelRunsEveryShardOnTheCallerInOrder) {
  ShardThreads threads(3);
  std::vector<size_t> order;
  std::vector<std::thread::id> ran_on;
  threads.Run(
      false, [](size_t) { return true; },
      [&](size_t k) {
        ran_on.push_back(std::this_thread::get_id());
        order.push_back(k);
      });
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(ran_on, std::vector<std::thread::id>(3, std::this_thread::get_id()));
}

TEST(ShardThreadsTest, OneShardHasNoThreadOfItsOwn) {
  ShardThreads threads(1);
  std::thread::id ran_on;
  threads.Run(
      true, [](size_t) { return true; }, [&](size_t) { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(WriteThreadTest, RunsWritesInOrderAndReturnsTheirStatus) {
  WriteThread writer;
  std::vector<int> ran;  // Only the writer's thread appends.
  std::vector<std::future<Status>> done;
  for (int i = 0; i < 200; ++i) {
    done.push_back(writer.Post([&ran, i] {
      ran.push_back(i);
      return i % 7 == 0 ? Status(StatusCode::kInternal, "write " + std::to_string(i))
                        : Status::Ok();
    }));
  }
  for (int i = 0; i < 200; ++i) {
    const Status status = done[static_cast<size_t>(i)].get();
    EXPECT_EQ(status.ok(), i % 7 != 0) << i;
    if (!status.ok()) {
      EXPECT_EQ(status.message(), "write " + std::to_string(i));
    }
  }
  ASSERT_EQ(ran.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(ran[static_cast<size_t>(i)], i);
}

TEST(WriteThreadTest, RunsWhatIsQueuedBeforeStopping) {
  std::atomic<int> ran{0};
  std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> on_caller{false};
  {
    WriteThread writer;
    for (int i = 0; i < 50; ++i) {
      writer.Post([&] {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        if (std::this_thread::get_id() == caller) on_caller = true;
        ++ran;
        return Status::Ok();
      });
    }
  }
  EXPECT_EQ(ran.load(), 50);
  EXPECT_FALSE(on_caller.load());
}

}  // namespace
}  // namespace arledger
