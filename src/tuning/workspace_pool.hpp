// Frames kept between a tuning loop's simulations (engine::SimulationWorkspace):
// each run borrows one and gives it back, so a batch's side-by-side runs
// each get their own and later runs write pages already mapped.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/simulate.hpp"

namespace planwise::tuning {

class WorkspacePool {
 public:
  // A workspace lent until the lease is destroyed.
  class Lease {
   public:
    Lease(WorkspacePool& pool, std::unique_ptr<engine::SimulationWorkspace> workspace)
        : pool_(&pool), workspace_(std::move(workspace)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->give_back(std::move(workspace_)); }
    engine::SimulationWorkspace* get() const { return workspace_.get(); }

   private:
    WorkspacePool* pool_;
    std::unique_ptr<engine::SimulationWorkspace> workspace_;
  };

  Lease borrow() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) return Lease(*this, std::make_unique<engine::SimulationWorkspace>());
    std::unique_ptr<engine::SimulationWorkspace> w = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(w));
  }

 private:
  void give_back(std::unique_ptr<engine::SimulationWorkspace> workspace) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(workspace));
  }

  std::mutex mutex_;
  std::vector<std::unique_ptr<engine::SimulationWorkspace>> free_;
};

}  // namespace planwise::tuning
