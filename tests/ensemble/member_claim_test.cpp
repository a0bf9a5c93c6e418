// Claims on sweep members: exclusive, released, stale ones of dead owners taken over, live ones
// and other hosts' left alone, an earlier leg of a requeued Slurm job recognised.
#include "ensemble/member_claim.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

class MemberClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aidivide_claim_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "members");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path() const { return app::claim_file(dir_.string(), "m"); }
  void write_claim(const app::ClaimOwner& o) {
    std::ofstream(path()) << "host=" << o.host << "\npid=" << o.pid << "\nstart=" << o.start
                          << "\njob=" << o.job << "\nrestarts=" << o.restarts << "\n";
  }
  fs::path dir_;
};

// The PID of a process that has ended (and been reaped).
long dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST_F(MemberClaimTest, IsExclusiveAndReleased) {
  {
    const app::MemberClaim first(path());
    ASSERT_TRUE(first.held());
    EXPECT_TRUE(fs::exists(path()));
    const app::MemberClaim second(path());  // this very process, as another writer would be
    EXPECT_FALSE(second.held());
    EXPECT_EQ(second.holder().pid, ::getpid());
    EXPECT_NE(second.holder_text().find("pid " + std::to_string(::getpid())), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(path()));
}

TEST_F(MemberClaimTest, AClaimOfADeadProcessOfThisHostIsTakenOver) {
  app::ClaimOwner dead = app::this_process();
  dead.pid = dead_pid();
  dead.start = "1";
  write_claim(dead);
  const app::MemberClaim claim(path());
  EXPECT_TRUE(claim.held());
  EXPECT_EQ(claim.holder().pid, ::getpid());
}

TEST_F(MemberClaimTest, ALiveOrForeignClaimIsLeftAlone) {
  const app::ClaimOwner self = app::this_process();
  app::ClaimOwner parent = self;
  parent.pid = ::getppid();
  parent.start.clear();  // unknown start: alive means held
  EXPECT_FALSE(app::claim_is_stale(parent, self));
  app::ClaimOwner foreign = self;
  foreign.host = self.host + "-elsewhere";
  foreign.pid = dead_pid();  // dead here, but that says nothing of another host
  EXPECT_FALSE(app::claim_is_stale(foreign, self));
  write_claim(foreign);
  EXPECT_FALSE(app::MemberClaim(path()).held());
  EXPECT_TRUE(fs::exists(path()));
}

TEST_F(MemberClaimTest, AReusedPidIsStale) {
  const app::ClaimOwner self = app::this_process();
  app::ClaimOwner earlier = self;
  earlier.pid = ::getppid();
  earlier.start = "1";  // the parent started later than that: its PID was reused
  EXPECT_TRUE(app::claim_is_stale(earlier, self));
}

TEST_F(MemberClaimTest, AnEarlierLegOfARequeuedJobIsStaleOnAnyHost) {
  app::ClaimOwner self = app::this_process();
  self.job = "4242";
  self.restarts = 1;
  app::ClaimOwner first_leg = self;
  first_leg.host = "node-that-ran-the-first-leg";
  first_leg.restarts = 0;
  EXPECT_TRUE(app::claim_is_stale(first_leg, self));
  app::ClaimOwner same_leg = first_leg;
  same_leg.restarts = 1;  // another task of this very job (an MPI rank elsewhere)
  EXPECT_FALSE(app::claim_is_stale(same_leg, self));
}

TEST_F(MemberClaimTest, AnEmptyClaimIsBeingWrittenUntilItIsOld) {
  std::ofstream(path()).close();
  EXPECT_FALSE(app::MemberClaim(path()).held());
  fs::last_write_time(path(), fs::file_time_type::clock::now() - std::chrono::minutes(5));
  EXPECT_TRUE(app::MemberClaim(path()).held());
}

}  // namespace
