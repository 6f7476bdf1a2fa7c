// Background jobs for the server (issue 5): simulations and optimizations
// run one at a time on a worker thread, in the order they were submitted,
// so a second write waits in the queue (shown as queued) instead of failing
// on the database. Each job keeps its progress as a list of events that a
// client can follow (server-sent events) and can be cancelled; it goes on
// running when the client that started it goes away. Limits keep a busy
// server's memory bounded: the queue refuses work beyond its depth, and a
// long search keeps only its newest progress events.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "app/optimize.hpp"
#include "app/run_simulation.hpp"
#include "common/result.hpp"

namespace planwise::app {

enum class JobKind { kSimulation, kOptimization };
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string job_state_name(JobState state);
// Done, failed or cancelled: the job runs no more.
bool is_final(JobState state);
std::string job_kind_name(JobKind kind);

struct StateEvent {
  JobState state;
  std::string message;
};
struct StageEvent {
  std::string text;
};
struct YearEvent {
  int year = 0;
  int start_year = 0;
  int end_year = 0;
  engine::YearSummary summary;
  double year_ms = 0.0;
};
struct EvaluationEvent {
  tuning::EvaluationRecord record;
  int budget = 0;
  std::vector<std::string> variables;
};
using JobEventData = std::variant<StateEvent, StageEvent, YearEvent, EvaluationEvent>;

struct JobEvent {
  std::int64_t seq = 0;  // 1, 2, ... within the job; gaps where progress was dropped
  double at_ms = 0.0;    // since the job was submitted
  JobEventData data;
};

struct JobLimits {
  std::size_t keep = 500;  // finished jobs remembered (newest first)
  // Jobs waiting to start; a submit beyond it is refused as busy (a client
  // retries later) so a flood of requests cannot grow memory without end.
  std::size_t max_queued = 16;
  // Year and evaluation events kept per job: a 20,000-evaluation search
  // keeps the newest 5,000. State and stage events are always kept.
  std::size_t max_progress_events = 5000;
};

// The body of a job given to JobQueue::submit_task: reports events through
// `report`; returning ends the job as done, a throw as failed.
using JobTask = std::function<void(const std::function<void(JobEventData)>& report)>;

class Job {
 public:
  const std::string& id() const { return id_; }
  JobKind kind() const { return kind_; }
  const std::string& submitted_at() const { return submitted_at_; }
  JobState state() const;
  bool finished() const;
  // Events with seq > `after` that are still kept (dropped progress is
  // skipped; seqs only grow); waits up to `wait` when there are none yet
  // and the job has not finished.
  std::vector<JobEvent> events_after(std::int64_t after, std::chrono::milliseconds wait) const;
  // The newest year or evaluation event, which a status request shows as
  // progress (without copying the whole event list).
  std::optional<JobEvent> last_progress() const;
  // Asks a queued job not to start and a running one to stop at its next
  // check (between years, between evaluations).
  void cancel();
  bool cancel_requested() const;

  // Set when the job is done (or failed: the error).
  std::optional<SimulateOutcome> simulation() const;
  std::optional<OptimizeOutcome> optimization() const;
  std::optional<Error> error() const;
  const std::optional<SimulateRequest>& simulate_request() const { return simulate_request_; }
  const std::optional<OptimizeRequest>& optimize_request() const { return optimize_request_; }

 private:
  friend class JobQueue;
  Job(std::string id, JobKind kind, std::size_t max_progress_events);
  void push(JobEventData data);
  void finish(JobState state, std::string message);
  void fail(Error error);

  std::string id_;
  JobKind kind_;
  std::string submitted_at_;
  std::chrono::steady_clock::time_point started_;
  std::optional<SimulateRequest> simulate_request_;
  std::optional<OptimizeRequest> optimize_request_;
  JobTask task_;  // set for submit_task jobs only
  std::size_t max_progress_events_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  JobState state_ = JobState::kQueued;
  bool cancel_ = false;
  std::deque<JobEvent> events_;
  std::int64_t last_seq_ = 0;
  std::size_t progress_events_ = 0;  // year and evaluation events in events_
  std::optional<SimulateOutcome> simulation_;
  std::optional<OptimizeOutcome> optimization_;
  std::optional<Error> error_;
};

class JobQueue {
 public:
  // Beyond `limits.keep`, the oldest finished jobs are dropped from memory
  // (their runs stay in the database).
  explicit JobQueue(JobLimits limits = {});
  ~JobQueue();  // shutdown(true)
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // The request's run_id is set here when empty; the job's id is that run id.
  // A kBusy error when `max_queued` jobs already wait.
  Result<std::shared_ptr<Job>> submit(SimulateRequest request);
  Result<std::shared_ptr<Job>> submit(OptimizeRequest request);
  // A job whose body is `task` (no request): the seam through which tests
  // run jobs that report many events or throw. No route reaches it.
  Result<std::shared_ptr<Job>> submit_task(std::string id, JobKind kind, JobTask task);
  std::shared_ptr<Job> find(const std::string& id) const;
  std::vector<std::shared_ptr<Job>> jobs() const;  // newest first
  std::size_t queued() const;

  // Takes no more jobs; queued ones are cancelled. The running one is
  // cancelled too when `cancel_running`, else it finishes. Returns when the
  // worker has stopped.
  void shutdown(bool cancel_running);

 private:
  Result<std::shared_ptr<Job>> enqueue(std::shared_ptr<Job> job);
  void work();
  // Runs the job and catches whatever it throws: the job fails, the worker
  // (and the server) go on with the next one.
  void run_guarded(Job& job);
  void run(Job& job);
  void run_simulation_job(Job& job);
  void run_optimization_job(Job& job);

  JobLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> pending_;
  std::deque<std::shared_ptr<Job>> all_;
  std::shared_ptr<Job> running_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace planwise::app
