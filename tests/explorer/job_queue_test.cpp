// The explorer's job queue: order, the cap, and cancellation by a newer job of the session.
#include "explorer/job_queue.hpp"

#include <gtest/gtest.h>

#include <future>

namespace explorer {
namespace {

std::vector<std::string> drain(Job& job) {
  std::vector<std::string> lines;
  for (std::string line; job.next(line);) lines.push_back(line);
  return lines;
}

TEST(JobQueue, RunsJobsAndStreamsTheirLines) {
  JobQueue queue(4);
  auto job = std::make_shared<Job>("s", [](Job& j) {
    j.push("a");
    j.push("b");
  });
  ASSERT_TRUE(queue.submit(job));
  EXPECT_EQ(drain(*job), (std::vector<std::string>{"a", "b"}));
}

TEST(JobQueue, RefusesBeyondItsCapacityAndANewerJobCancelsTheOlder) {
  JobQueue queue(1);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  // The first job holds the worker, so the next ones wait in the queue.
  auto blocker = std::make_shared<Job>("", [gate](Job&) { gate.wait(); });
  ASSERT_TRUE(queue.submit(blocker));
  while (queue.waiting() != 0) std::this_thread::yield();
  auto older = std::make_shared<Job>("s", [](Job& j) { j.push("older ran"); });
  ASSERT_TRUE(queue.submit(older));
  auto other = std::make_shared<Job>("t", [](Job&) {});
  EXPECT_FALSE(queue.submit(other));  // one waits already
  auto newer = std::make_shared<Job>("s", [](Job& j) { j.push("newer ran"); });
  ASSERT_TRUE(queue.submit(newer));  // takes the cancelled older job's place
  EXPECT_EQ(drain(*older), (std::vector<std::string>{kCancelledLine}));
  release.set_value();
  EXPECT_EQ(drain(*newer), (std::vector<std::string>{"newer ran"}));
  drain(*blocker);
}

TEST(JobQueue, ARunningJobSeesItsCancellation) {
  JobQueue queue(2);
  std::promise<void> started;
  auto running = std::make_shared<Job>("s", [&started](Job& j) {
    started.set_value();
    while (!j.cancelled().load()) std::this_thread::yield();
  });
  ASSERT_TRUE(queue.submit(running));
  started.get_future().wait();
  auto newer = std::make_shared<Job>("s", [](Job& j) { j.push("done"); });
  ASSERT_TRUE(queue.submit(newer));
  EXPECT_EQ(drain(*running), (std::vector<std::string>{kCancelledLine}));
  EXPECT_EQ(drain(*newer), (std::vector<std::string>{"done"}));
}

}  // namespace
}  // namespace explorer
