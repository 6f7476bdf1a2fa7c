#include "support/stored_run.hpp"

#include <gtest/gtest.h>

#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {

BundledRunInputs::BundledRunInputs() {
  app::InputRequest r;
  r.data_dir = data_dir();
  r.end_year = 2026;
  auto loaded = app::load_inputs(r);
  EXPECT_TRUE(loaded.ok()) << loaded.error().to_string_all();
  if (loaded) in = std::move(loaded).value();
}

Status store_bundled_run(store::Database& db, const BundledRunInputs& inputs, const std::string& id,
                         bool commit) {
  const app::LoadedInputs& in = inputs.in;
  auto writer = store::RunWriter::begin(db, id, in.config.output_tables);
  if (!writer) return std::move(writer).error();
  PLANWISE_RETURN_IF_ERROR((*writer)->write_inputs(in.census, in.config.engine, in.levers));
  auto result =
      engine::simulate({in.config.engine, in.seeds, in.levers, in.census}, {}, writer->get());
  if (!result) return std::move(result).error();
  if (!commit) return Status::success();
  store::RunRecord r;
  r.run_id = id;
  r.created_at = "2026-11-27T12:00:00Z";
  r.scenario = "default";
  r.seed = 42;
  r.start_year = 2025;
  r.end_year = 2026;
  r.engine_version = "test";
  r.year_ms = "{}";
  return (*writer)->commit(r, result->validation);
}

}  // namespace planwise::test
