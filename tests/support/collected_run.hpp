// A whole simulation run held in memory as typed output rows, read back
// through the same row emitters the CSV and DuckDB writers use, so tests
// check the output contract (spec §5) and not engine internals.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "common/date.hpp"
#include "engine/simulate.hpp"

namespace planwise::test {

struct SnapshotRow {
  std::string employee_id;
  std::string employee_ssn;
  int year = 0;
  DayNumber birth_date = kNoDate;
  DayNumber hire_date = kNoDate;
  int age = 0;
  int tenure = 0;
  std::string age_band;
  std::string tenure_band;
  int start_level = 0;
  int level = 0;
  double start_salary = 0;
  double current_compensation = 0;
  double prorated = 0;
  double fye = 0;
  std::string employment_status;
  DayNumber termination_date = kNoDate;
  std::optional<std::string> termination_reason;
  std::string status_code;
};

struct EventRow {
  std::string employee_id;
  std::string employee_ssn;
  int year = 0;
  std::string event_type;
  std::string category;
  DayNumber date = kNoDate;
  int sequence = 0;
  std::string details;
  double amount = 0;
  std::optional<double> previous;
  int level = 0;
  int new_level = 0;
  int age = 0;
  int tenure = 0;
  std::string age_band;
  std::string tenure_band;
  std::optional<double> probability;
  std::optional<double> weight;
  std::optional<double> draw;
  std::optional<double> merit_rate;
  std::optional<double> cola_rate;
  std::optional<double> promotion_raise_rate;
  std::optional<bool> band_floor;
  std::string scenario;
  std::optional<std::string> source;
  std::string quality_flag;
};

struct CollectedRun {
  app::LoadedInputs inputs;
  engine::SimulationResult result;
  std::vector<SnapshotRow> baseline;  // the baseline as the snapshot of Y0 − 1
  std::vector<SnapshotRow> snapshot;
  std::vector<EventRow> events;
};

// Loads the inputs, lets `edit` change them (levers, config), simulates and
// collects every row. Fails the calling test on error.
CollectedRun collect_run(const app::InputRequest& request,
                         const std::function<void(app::LoadedInputs&)>& edit = {});

// Request for the bundled inputs, optionally with another census.
app::InputRequest bundled_request();

}  // namespace planwise::test
