#include "support/collected_run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "engine/output_rows.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {

namespace {

struct DateCell {
  DayNumber day;
};
using Cell = std::variant<std::monostate, std::string, std::int64_t, double, DateCell, bool>;

// Collects the cells of one row, then hands them to a converter.
class RowBuilder {
 public:
  explicit RowBuilder(std::function<void(const std::vector<Cell>&)> on_row)
      : on_row_(std::move(on_row)) {}
  void text(std::string_view v) { cells_.emplace_back(std::string(v)); }
  void null() { cells_.emplace_back(std::monostate{}); }
  void integer(std::int64_t v) { cells_.emplace_back(v); }
  void real(double v) {
    if (std::isnan(v))
      null();
    else
      cells_.emplace_back(v);
  }
  void money(double v) { cells_.emplace_back(v); }
  void date(DayNumber v) {
    if (v == kNoDate)
      null();
    else
      cells_.emplace_back(DateCell{v});
  }
  void boolean(bool v) { cells_.emplace_back(v); }
  void end_row() {
    on_row_(cells_);
    cells_.clear();
  }

 private:
  std::function<void(const std::vector<Cell>&)> on_row_;
  std::vector<Cell> cells_;
};

std::string str(const Cell& c) {
  return std::holds_alternative<std::string>(c) ? std::get<std::string>(c) : "";
}
std::optional<std::string> opt_str(const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return std::nullopt;
  return str(c);
}
int integer(const Cell& c) {
  return static_cast<int>(std::get<std::int64_t>(c));
}
double real(const Cell& c) {
  return std::get<double>(c);
}
std::optional<double> opt_real(const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return std::nullopt;
  return std::get<double>(c);
}
DayNumber date(const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return kNoDate;
  return std::get<DateCell>(c).day;
}

SnapshotRow snapshot_row(const std::vector<Cell>& c) {
  SnapshotRow r;
  r.employee_id = str(c[0]);
  r.employee_ssn = str(c[1]);
  r.year = integer(c[2]);
  r.birth_date = date(c[3]);
  r.hire_date = date(c[4]);
  r.age = integer(c[5]);
  r.tenure = integer(c[6]);
  r.age_band = str(c[7]);
  r.tenure_band = str(c[8]);
  r.start_level = integer(c[9]);
  r.level = integer(c[10]);
  r.start_salary = real(c[11]);
  r.current_compensation = real(c[12]);
  r.prorated = real(c[13]);
  r.fye = real(c[14]);
  r.employment_status = str(c[15]);
  r.termination_date = date(c[16]);
  r.termination_reason = opt_str(c[17]);
  r.status_code = str(c[18]);
  return r;
}

EventRow event_row(const std::vector<Cell>& c) {
  EventRow r;
  r.employee_id = str(c[0]);
  r.employee_ssn = str(c[1]);
  r.year = integer(c[2]);
  r.event_type = str(c[3]);
  r.category = str(c[4]);
  r.date = date(c[5]);
  r.sequence = integer(c[6]);
  r.details = str(c[7]);
  r.amount = real(c[8]);
  r.previous = opt_real(c[9]);
  r.level = integer(c[10]);
  r.new_level = integer(c[11]);
  r.age = integer(c[12]);
  r.tenure = integer(c[13]);
  r.age_band = str(c[14]);
  r.tenure_band = str(c[15]);
  r.probability = opt_real(c[16]);
  r.weight = opt_real(c[17]);
  r.draw = opt_real(c[18]);
  r.merit_rate = opt_real(c[19]);
  r.cola_rate = opt_real(c[20]);
  r.promotion_raise_rate = opt_real(c[21]);
  if (!std::holds_alternative<std::monostate>(c[22])) r.band_floor = std::get<bool>(c[22]);
  r.scenario = str(c[23]);
  r.source = opt_str(c[24]);
  r.quality_flag = str(c[25]);
  return r;
}

class CollectingSink final : public engine::YearSink {
 public:
  explicit CollectingSink(CollectedRun& run) : run_(run) {}
  Status on_year(const engine::YearOutput& y) override {
    RowBuilder snapshot(
        [this](const std::vector<Cell>& c) { run_.snapshot.push_back(snapshot_row(c)); });
    engine::emit_snapshot(snapshot, y);
    RowBuilder events([this](const std::vector<Cell>& c) { run_.events.push_back(event_row(c)); });
    engine::emit_events(events, y);
    return Status::success();
  }

 private:
  CollectedRun& run_;
};

}  // namespace

app::InputRequest bundled_request() {
  app::InputRequest r;
  r.data_dir = data_dir();
  return r;
}

CollectedRun collect_run(const app::InputRequest& request,
                         const std::function<void(app::LoadedInputs&)>& edit) {
  CollectedRun run;
  auto loaded = app::load_inputs(request);
  if (!loaded) {
    ADD_FAILURE() << "load_inputs failed: " << loaded.error().to_string_all();
    return run;
  }
  run.inputs = std::move(loaded).value();
  if (edit) edit(run.inputs);
  const app::LoadedInputs& in = run.inputs;
  RowBuilder baseline(
      [&run](const std::vector<Cell>& c) { run.baseline.push_back(snapshot_row(c)); });
  engine::emit_baseline(baseline, in.census, in.config.engine);
  CollectingSink sink(run);
  auto result = engine::simulate({in.config.engine, in.seeds, in.levers, in.census}, {}, &sink);
  if (!result) {
    ADD_FAILURE() << "simulate failed: " << result.error().to_string_all();
    return run;
  }
  run.result = std::move(result).value();
  return run;
}

}  // namespace planwise::test
