#include "tuning/outcome.hpp"

namespace planwise::tuning {

std::string tuning_status_name(TuningStatus status) {
  switch (status) {
    case TuningStatus::kConverged:
      return "converged";
    case TuningStatus::kNotConverged:
      return "not_converged";
    case TuningStatus::kInterrupted:
      return "interrupted";
    case TuningStatus::kUnreachable:
      return "unreachable";
    case TuningStatus::kInfeasible:
      return "infeasible";
    case TuningStatus::kError:
      return "error";
  }
  return "error";
}

TuningStatus stopped_status(const Evaluator& evaluator) {
  if (evaluator.engine_error()) return TuningStatus::kError;
  return evaluator.cancelled() ? TuningStatus::kInterrupted : TuningStatus::kNotConverged;
}

}  // namespace planwise::tuning
