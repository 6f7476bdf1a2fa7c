#include "app/jobs.hpp"

#include <algorithm>

#include "app/run_manifest.hpp"
#include "common/elapsed.hpp"

namespace planwise::app {

std::string job_state_name(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

std::string job_kind_name(JobKind kind) {
  return kind == JobKind::kSimulation ? "simulation" : "optimization";
}

Job::Job(std::string id, JobKind kind, std::size_t max_progress_events)
    : id_(std::move(id)),
      kind_(kind),
      submitted_at_(utc_now_iso()),
      started_(std::chrono::steady_clock::now()),
      // At least one, so the newest progress is always there to show.
      max_progress_events_(std::max<std::size_t>(1, max_progress_events)) {
  events_.push_back({++last_seq_, 0.0, StateEvent{JobState::kQueued, "queued"}});
}

JobState Job::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

bool is_final(JobState s) {
  return s == JobState::kDone || s == JobState::kFailed || s == JobState::kCancelled;
}

namespace {
bool is_progress(const JobEventData& data) {
  return std::holds_alternative<YearEvent>(data) || std::holds_alternative<EvaluationEvent>(data);
}
}  // namespace

bool Job::finished() const {
  return is_final(state());
}

std::vector<JobEvent> Job::events_after(std::int64_t after, std::chrono::milliseconds wait) const {
  std::unique_lock<std::mutex> lock(mutex_);
  auto has_news = [&] {
    return is_final(state_) || (!events_.empty() && events_.back().seq > after);
  };
  changed_.wait_for(lock, wait, has_news);
  std::vector<JobEvent> out;
  for (const JobEvent& e : events_) {
    if (e.seq > after) out.push_back(e);
  }
  return out;
}

std::optional<JobEvent> Job::last_progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (is_progress(it->data)) return *it;
  }
  return std::nullopt;
}

void Job::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancel_ = true;
}

bool Job::cancel_requested() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancel_;
}

std::optional<SimulateOutcome> Job::simulation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return simulation_;
}

std::optional<OptimizeOutcome> Job::optimization() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return optimization_;
}

std::optional<Error> Job::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

void Job::push(JobEventData data) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const double ms = ms_since(started_);
    const bool progress = is_progress(data);
    events_.push_back({++last_seq_, ms, std::move(data)});
    if (const auto* s = std::get_if<StateEvent>(&events_.back().data)) state_ = s->state;
    if (progress && ++progress_events_ > max_progress_events_) {
      // Drop the oldest progress event. Only the few state and stage events
      // of the job's start come before it, so this stays cheap.
      auto oldest = std::find_if(events_.begin(), events_.end(),
                                 [](const JobEvent& e) { return is_progress(e.data); });
      events_.erase(oldest);
      --progress_events_;
    }
  }
  changed_.notify_all();
}

void Job::finish(JobState state, std::string message) {
  push(StateEvent{state, std::move(message)});
}

void Job::fail(Error error) {
  std::string message = error.to_string();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::move(error);
  }
  finish(JobState::kFailed, std::move(message));
}

JobQueue::JobQueue(JobLimits limits) : limits_(limits), worker_([this] { work(); }) {}

JobQueue::~JobQueue() {
  shutdown(true);
}

Result<std::shared_ptr<Job>> JobQueue::enqueue(std::shared_ptr<Job> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      job->finish(JobState::kCancelled, "the server is shutting down");
      return job;
    }
    if (pending_.size() >= limits_.max_queued) {
      return Error::make(ErrorKind::kBusy,
                         std::to_string(pending_.size()) +
                             " jobs are already waiting to run (the most this server queues); "
                             "retry when one has started");
    }
    pending_.push_back(job);
    all_.push_front(job);
    // Forget the oldest finished jobs beyond the limit.
    while (all_.size() > limits_.keep && all_.back()->finished()) all_.pop_back();
  }
  wake_.notify_all();
  return job;
}

Result<std::shared_ptr<Job>> JobQueue::submit(SimulateRequest request) {
  if (!request.run_id) request.run_id = new_run_id();
  std::shared_ptr<Job> job(
      new Job(*request.run_id, JobKind::kSimulation, limits_.max_progress_events));
  job->simulate_request_ = std::move(request);
  return enqueue(std::move(job));
}

Result<std::shared_ptr<Job>> JobQueue::submit(OptimizeRequest request) {
  if (!request.run_id) request.run_id = new_optimization_id();
  std::shared_ptr<Job> job(
      new Job(*request.run_id, JobKind::kOptimization, limits_.max_progress_events));
  job->optimize_request_ = std::move(request);
  return enqueue(std::move(job));
}

Result<std::shared_ptr<Job>> JobQueue::submit_task(std::string id, JobKind kind, JobTask task) {
  std::shared_ptr<Job> job(new Job(std::move(id), kind, limits_.max_progress_events));
  job->task_ = std::move(task);
  return enqueue(std::move(job));
}

std::shared_ptr<Job> JobQueue::find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& job : all_) {
    if (job->id() == id) return job;
  }
  return nullptr;
}

std::vector<std::shared_ptr<Job>> JobQueue::jobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {all_.begin(), all_.end()};
}

std::size_t JobQueue::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.size();
}

void JobQueue::shutdown(bool cancel_running) {
  std::deque<std::shared_ptr<Job>> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!worker_.joinable()) return;
    stopping_ = true;
    dropped.swap(pending_);
    if (running_ && cancel_running) running_->cancel();
  }
  for (const auto& job : dropped)
    job->finish(JobState::kCancelled, "cancelled: the server is shutting down");
  wake_.notify_all();
  worker_.join();
}

void JobQueue::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping
      job = pending_.front();
      pending_.pop_front();
      running_ = job;
    }
    if (job->cancel_requested()) {
      job->finish(JobState::kCancelled, "cancelled before it started");
    } else {
      run_guarded(*job);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    running_.reset();
  }
}

void JobQueue::run_guarded(Job& job) {
  std::optional<Error> error;
  try {
    run(job);
  } catch (const std::exception& e) {
    error = Error::make(ErrorKind::kInternal,
                        std::string("the job stopped on an unexpected error: ") + e.what());
  } catch (...) {
    error = Error::make(ErrorKind::kInternal,
                        "the job stopped on an unexpected error (not a std::exception)");
  }
  // A throw after the job reached its final state changes nothing.
  if (error && !job.finished()) job.fail(std::move(*error));
}

void JobQueue::run(Job& job) {
  job.push(StateEvent{JobState::kRunning, "running"});
  if (job.task_) {
    job.task_([&job](JobEventData data) { job.push(std::move(data)); });
    job.finish(JobState::kDone, "done");
  } else if (job.kind() == JobKind::kSimulation) {
    run_simulation_job(job);
  } else {
    run_optimization_job(job);
  }
}

void JobQueue::run_simulation_job(Job& job) {
  RunCallbacks callbacks;
  callbacks.on_stage = [&job](const std::string& s) { job.push(StageEvent{s}); };
  callbacks.on_year = [&job](const YearProgress& p) {
    job.push(YearEvent{p.year, p.start_year, p.end_year, p.summary, p.year_ms});
  };
  callbacks.cancelled = [&job] { return job.cancel_requested(); };
  auto outcome = run_simulation(*job.simulate_request_, callbacks);
  if (!outcome) {
    if (outcome.error().kind == ErrorKind::kCancelled) {
      {
        std::lock_guard<std::mutex> lock(job.mutex_);
        job.error_ = outcome.error();
      }
      job.finish(JobState::kCancelled, outcome.error().to_string());
    } else {
      job.fail(outcome.error());
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(job.mutex_);
    job.simulation_ = std::move(outcome).value();
  }
  job.finish(JobState::kDone, "done");
}

void JobQueue::run_optimization_job(Job& job) {
  OptimizeCallbacks callbacks;
  callbacks.on_stage = [&job](const std::string& s) { job.push(StageEvent{s}); };
  callbacks.on_evaluation = [&job](const OptimizeProgress& p) {
    job.push(EvaluationEvent{p.record, p.budget, p.variables});
  };
  callbacks.cancelled = [&job] { return job.cancel_requested(); };
  auto outcome = optimize(*job.optimize_request_, callbacks);
  if (!outcome) {
    job.fail(outcome.error());
    return;
  }
  const bool interrupted = outcome->record.run.status == "interrupted";
  {
    std::lock_guard<std::mutex> lock(job.mutex_);
    job.optimization_ = std::move(outcome).value();
  }
  // An interrupted optimization keeps (and stores) its history.
  job.finish(interrupted ? JobState::kCancelled : JobState::kDone,
             interrupted ? "cancelled" : "done");
}

}  // namespace planwise::app
