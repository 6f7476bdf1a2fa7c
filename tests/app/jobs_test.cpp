// Issue 9: the job queue's limits. A full queue refuses work as busy, a long
// search keeps only its newest progress events (seqs still only grow, so a
// server-sent-event client resumes where it can), and a job that throws
// fails alone: the worker goes on with the next job.
#include "app/jobs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <stdexcept>

namespace planwise::app {
namespace {

using std::chrono::seconds;

// Follows a job's events until it has finished; returns its last state.
JobState wait_finished(const Job& job) {
  std::int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + seconds(120);
  while (!job.finished() && std::chrono::steady_clock::now() < deadline) {
    const auto events = job.events_after(seen, seconds(1));
    if (!events.empty()) seen = events.back().seq;
  }
  EXPECT_TRUE(job.finished()) << job.id() << " did not finish";
  return job.state();
}

// A task that holds the worker until `release` is set; `started` tells
// the test it is running (so later submits wait in the queue).
struct Blocker {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  JobTask task() {
    return [this](const std::function<void(JobEventData)>&) {
      started.set_value();
      released.wait();
    };
  }
};

JobTask quick_task() {
  return [](const std::function<void(JobEventData)>& report) { report(StageEvent{"quick"}); };
}

EvaluationEvent evaluation(int index) {
  EvaluationEvent e;
  e.record.index = index;
  e.budget = 20000;
  e.variables = {"merit_L1"};
  e.record.x = {0.03};
  return e;
}

TEST(JobQueue, RefusesASubmitBeyondTheQueueDepthAsBusy) {
  JobLimits limits;
  limits.max_queued = 2;
  JobQueue queue(limits);
  Blocker blocker;
  auto started = blocker.started.get_future();
  auto running = queue.submit_task("job_running", JobKind::kSimulation, blocker.task());
  ASSERT_TRUE(running.ok());
  started.wait();  // the running job no longer counts as queued
  auto first = queue.submit_task("job_1", JobKind::kSimulation, quick_task());
  auto second = queue.submit_task("job_2", JobKind::kOptimization, quick_task());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(queue.queued(), 2u);

  auto refused = queue.submit_task("job_3", JobKind::kSimulation, quick_task());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kBusy);
  EXPECT_NE(refused.error().message.find("retry"), std::string::npos) << refused.error().message;
  // The request kinds are refused alike, and nothing refused is listed.
  auto run = queue.submit(SimulateRequest{});
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().kind, ErrorKind::kBusy);
  EXPECT_EQ(queue.find("job_3"), nullptr);
  EXPECT_EQ(queue.jobs().size(), 3u);

  blocker.release.set_value();
  EXPECT_EQ(wait_finished(**running), JobState::kDone);
  EXPECT_EQ(wait_finished(**first), JobState::kDone);
  EXPECT_EQ(wait_finished(**second), JobState::kDone);
  // Room again once the queue has drained.
  auto later = queue.submit_task("job_4", JobKind::kSimulation, quick_task());
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(wait_finished(**later), JobState::kDone);
}

TEST(JobQueue, AJobThatThrowsFailsAndTheNextJobStillRuns) {
  JobQueue queue;
  auto thrower = queue.submit_task("job_throws", JobKind::kOptimization,
                                   [](const std::function<void(JobEventData)>& report) {
                                     report(StageEvent{"about to fail"});
                                     throw std::runtime_error("boom in the evaluator");
                                   });
  auto odd = queue.submit_task("job_throws_int", JobKind::kSimulation,
                               [](const std::function<void(JobEventData)>&) { throw 42; });
  auto next = queue.submit_task("job_next", JobKind::kSimulation, quick_task());
  ASSERT_TRUE(thrower.ok());
  ASSERT_TRUE(odd.ok());
  ASSERT_TRUE(next.ok());

  EXPECT_EQ(wait_finished(**thrower), JobState::kFailed);
  const auto error = (*thrower)->error();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorKind::kInternal);
  EXPECT_NE(error->message.find("boom in the evaluator"), std::string::npos) << error->message;
  // The final state event carries the message too (what an SSE client sees).
  const auto events = (*thrower)->events_after(0, seconds(0));
  ASSERT_FALSE(events.empty());
  const auto* last = std::get_if<StateEvent>(&events.back().data);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->state, JobState::kFailed);
  EXPECT_NE(last->message.find("boom in the evaluator"), std::string::npos) << last->message;

  EXPECT_EQ(wait_finished(**odd), JobState::kFailed);
  ASSERT_TRUE((*odd)->error().has_value());
  EXPECT_NE((*odd)->error()->message.find("unexpected error"), std::string::npos);
  EXPECT_EQ(wait_finished(**next), JobState::kDone);
}

TEST(JobQueue, AJobKeepsItsNewestProgressEventsAndEveryStateEvent) {
  JobQueue queue;  // the default cap: 5,000 progress events
  const int evaluations = 20000;
  auto job = queue.submit_task("job_search", JobKind::kOptimization,
                               [&](const std::function<void(JobEventData)>& report) {
                                 report(StageEvent{"optimizing"});
                                 for (int i = 1; i <= evaluations; ++i) {
                                   report(evaluation(i));
                                   if (i == 10000) report(StageEvent{"halfway"});
                                 }
                               });
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(wait_finished(**job), JobState::kDone);

  const auto events = (*job)->events_after(0, seconds(0));
  std::size_t progress = 0, states = 0, stages = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) EXPECT_GT(events[i].seq, events[i - 1].seq) << "seqs only grow";
    if (std::holds_alternative<EvaluationEvent>(events[i].data)) ++progress;
    if (std::holds_alternative<StateEvent>(events[i].data)) ++states;
    if (std::holds_alternative<StageEvent>(events[i].data)) ++stages;
  }
  EXPECT_EQ(progress, 5000u);
  EXPECT_EQ(states, 3u);  // queued, running, done
  EXPECT_EQ(stages, 2u);
  EXPECT_EQ(events.size(), 5000u + 3u + 2u) << "memory is bounded by the cap";
  // The newest evaluation is there and is the job's progress.
  const auto newest = (*job)->last_progress();
  ASSERT_TRUE(newest.has_value());
  const auto* e = std::get_if<EvaluationEvent>(&newest->data);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->record.index, evaluations);
  // The oldest kept evaluation is number 15,001: seqs 1 queued, 2 running,
  // 3 stage, 4.. evaluations 1..10,000, then the halfway stage, so
  // evaluation i > 10,000 has seq i + 4.
  const auto& first_kept = *std::find_if(events.begin(), events.end(), [](const JobEvent& ev) {
    return std::holds_alternative<EvaluationEvent>(ev.data);
  });
  EXPECT_EQ(std::get<EvaluationEvent>(first_kept.data).record.index, 15001);
  EXPECT_EQ(first_kept.seq, 15001 + 4);

  // A client resuming after a dropped seq gets what is left after it, in
  // order; one resuming after a kept seq gets exactly the rest.
  const auto after_dropped = (*job)->events_after(500, seconds(0));
  ASSERT_FALSE(after_dropped.empty());
  EXPECT_GT(after_dropped.front().seq, 500);
  EXPECT_EQ(after_dropped.back().seq, events.back().seq);
  EXPECT_EQ(after_dropped.size(), events.size() - 3u);  // all but queued, running, first stage
  const auto after_kept = (*job)->events_after(first_kept.seq, seconds(0));
  EXPECT_EQ(after_kept.size(), 4999u + 1u);  // the later evaluations and the final state
}

TEST(JobQueue, ACapBelowOneStillKeepsTheNewestProgress) {
  JobLimits limits;
  limits.max_progress_events = 0;
  JobQueue queue(limits);
  auto job = queue.submit_task("job_small", JobKind::kOptimization,
                               [](const std::function<void(JobEventData)>& report) {
                                 for (int i = 1; i <= 3; ++i) report(evaluation(i));
                               });
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(wait_finished(**job), JobState::kDone);
  const auto newest = (*job)->last_progress();
  ASSERT_TRUE(newest.has_value());
  EXPECT_EQ(std::get<EvaluationEvent>(newest->data).record.index, 3);
  EXPECT_EQ((*job)->events_after(0, seconds(0)).size(), 4u);  // queued, running, one, done
}

}  // namespace
}  // namespace planwise::app
