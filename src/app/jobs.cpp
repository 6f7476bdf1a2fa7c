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

Job::Job(std::string id, JobKind kind)
    : id_(std::move(id)),
      kind_(kind),
      submitted_at_(utc_now_iso()),
      started_(std::chrono::steady_clock::now()) {
  events_.push_back({1, 0.0, StateEvent{JobState::kQueued, "queued"}});
}

JobState Job::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

namespace {
bool is_final(JobState s) {
  return s == JobState::kDone || s == JobState::kFailed || s == JobState::kCancelled;
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
    if (std::holds_alternative<YearEvent>(it->data) ||
        std::holds_alternative<EvaluationEvent>(it->data))
      return *it;
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
    events_.push_back({static_cast<std::int64_t>(events_.size()) + 1, ms, std::move(data)});
    if (const auto* s = std::get_if<StateEvent>(&events_.back().data)) state_ = s->state;
  }
  changed_.notify_all();
}

void Job::finish(JobState state, std::string message) {
  push(StateEvent{state, std::move(message)});
}

JobQueue::JobQueue(std::size_t keep) : keep_(keep), worker_([this] { work(); }) {}

JobQueue::~JobQueue() {
  shutdown(true);
}

std::shared_ptr<Job> JobQueue::enqueue(std::shared_ptr<Job> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      job->finish(JobState::kCancelled, "the server is shutting down");
      return job;
    }
    pending_.push_back(job);
    all_.push_front(job);
    // Forget the oldest finished jobs beyond the limit.
    while (all_.size() > keep_ && all_.back()->finished()) all_.pop_back();
  }
  wake_.notify_all();
  return job;
}

std::shared_ptr<Job> JobQueue::submit(SimulateRequest request) {
  if (!request.run_id) request.run_id = new_run_id();
  std::shared_ptr<Job> job(new Job(*request.run_id, JobKind::kSimulation));
  job->simulate_request_ = std::move(request);
  return enqueue(std::move(job));
}

std::shared_ptr<Job> JobQueue::submit(OptimizeRequest request) {
  if (!request.run_id) request.run_id = new_optimization_id();
  std::shared_ptr<Job> job(new Job(*request.run_id, JobKind::kOptimization));
  job->optimize_request_ = std::move(request);
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
      run(*job);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    running_.reset();
  }
}

void JobQueue::run(Job& job) {
  job.push(StateEvent{JobState::kRunning, "running"});
  auto cancelled = [&job] { return job.cancel_requested(); };
  if (job.kind() == JobKind::kSimulation) {
    RunCallbacks callbacks;
    callbacks.on_stage = [&job](const std::string& s) { job.push(StageEvent{s}); };
    callbacks.on_year = [&job](const YearProgress& p) {
      job.push(YearEvent{p.year, p.start_year, p.end_year, p.summary, p.year_ms});
    };
    callbacks.cancelled = cancelled;
    auto outcome = run_simulation(*job.simulate_request_, callbacks);
    if (outcome) {
      {
        std::lock_guard<std::mutex> lock(job.mutex_);
        job.simulation_ = std::move(outcome).value();
      }
      job.finish(JobState::kDone, "done");
    } else {
      const bool was_cancelled = outcome.error().kind == ErrorKind::kCancelled;
      {
        std::lock_guard<std::mutex> lock(job.mutex_);
        job.error_ = outcome.error();
      }
      job.finish(was_cancelled ? JobState::kCancelled : JobState::kFailed,
                 outcome.error().to_string());
    }
    return;
  }
  OptimizeCallbacks callbacks;
  callbacks.on_stage = [&job](const std::string& s) { job.push(StageEvent{s}); };
  callbacks.on_evaluation = [&job](const OptimizeProgress& p) {
    job.push(EvaluationEvent{p.record, p.budget, p.variables});
  };
  callbacks.cancelled = cancelled;
  auto outcome = optimize(*job.optimize_request_, callbacks);
  if (outcome) {
    const bool interrupted = outcome->record.run.status == "interrupted";
    {
      std::lock_guard<std::mutex> lock(job.mutex_);
      job.optimization_ = std::move(outcome).value();
    }
    // An interrupted optimization keeps (and stores) its history.
    job.finish(interrupted ? JobState::kCancelled : JobState::kDone,
               interrupted ? "cancelled" : "done");
  } else {
    {
      std::lock_guard<std::mutex> lock(job.mutex_);
      job.error_ = outcome.error();
    }
    job.finish(JobState::kFailed, outcome.error().to_string());
  }
}

}  // namespace planwise::app
