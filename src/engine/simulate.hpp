// The engine's entry point (spec Appendix A): simulate Y0…Y1 on a staged
// census with resolved levers, streaming each year to a sink. Pure
// computation: no I/O, no clocks, no globals; warnings come back as data.
#pragma once

#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "engine/census.hpp"
#include "engine/config.hpp"
#include "engine/employee_ids.hpp"
#include "engine/event_log.hpp"
#include "engine/levers.hpp"
#include "engine/metrics.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"
#include "engine/year_frame.hpp"

namespace planwise::engine {

inline constexpr const char* kEngineVersion = "planwise-engine 1.0.0";

struct SimulationInputs {
  const EngineConfig& config;
  const SeedTables& seeds;
  const ResolvedLevers& levers;
  const StagedCensus& census;
};

// How much of spec §6 a run re-derives. kFull checks every year. kFinal
// checks every year's head counts (cheap) but replays the rows (timelines,
// dates, bands) and runs the warning checks in the last year only: for seed
// ensembles and sweeps, whose numbers are aggregates and whose kept seed is
// re-run with kFull before it is stored (docs/uncertainty.md "Checks").
enum class ChecksLevel : std::uint8_t { kFull, kFinal };

// Memory kept between the runs of a caller that simulates again and again
// (seed ensembles, tuning loops): the year frame's columns keep their
// capacity, so a later run writes pages already mapped instead of having
// the kernel map and clear fresh ones. One per thread at a time; the results
// never depend on it (every row a run reads, it wrote).
struct SimulationWorkspace {
  YearFrame frame;
};

struct SimulationOptions {
  // Materialise yearly_events columns for the sink. Off for aggregate-only
  // runs (tuning loops), which still run every check.
  bool build_events = true;
  ChecksLevel checks = ChecksLevel::kFull;
  // Null: the run allocates its own frame.
  SimulationWorkspace* workspace = nullptr;
};

// One finished year, valid only during YearSink::on_year.
struct YearOutput {
  const YearFrame& frame;
  const EventLog* events;  // null unless SimulationOptions::build_events
  const YearSummary& summary;
  const std::vector<GrowthRow>& growth;
  const ValidationItems& checks;
  const YearLevers& levers;
  const EmployeeIds& ids;
  const EngineConfig& config;
};

class YearSink {
 public:
  virtual ~YearSink() = default;
  // An error stops the run (a writer failing, or kCancelled).
  virtual Status on_year(const YearOutput& year) = 0;
};

struct BaselineSummary {
  std::int64_t active = 0;
  double avg_salary = 0.0;  // round2 of the mean s0
};

struct SimulationResult {
  BaselineSummary baseline;
  std::vector<YearSummary> years;
  std::vector<GrowthRow> growth;
  ValidationItems validation;  // engine load-time items, then every year's checks
};

// Checks the parts of the configuration that need the seeds (level count).
Status validate_against_seeds(const EngineConfig& config, const SeedTables& seeds);

Result<SimulationResult> simulate(const SimulationInputs& inputs, const SimulationOptions& options,
                                  YearSink* sink);

}  // namespace planwise::engine
