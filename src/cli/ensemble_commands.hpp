// Handlers of the issue 12 commands: `simulate --seeds|--seed-list`,
// `compare A B --seeds`, `sweep` and `ensembles list|show`. Each calls one
// app/ use case and prints its bands as text tables or JSON.
#pragma once

#include <string>

#include "app/ensemble_run.hpp"
#include "app/paired_compare.hpp"
#include "app/sweep.hpp"

namespace planwise::cli {

struct EnsembleCliOptions {
  app::EnsembleRequest request;
  bool json = false;
  bool per_seed = false;  // JSON: the per-seed rows too
  bool quiet = false;
};
int run_ensemble_simulate(const EnsembleCliOptions& options);

struct PairedCliOptions {
  app::PairedCompareRequest request;
  bool json = false;
  std::string csv_file;  // empty: no CSV
};
int run_paired_compare(const PairedCliOptions& options);

struct SweepCliOptions {
  app::SweepRequest request;
  bool json = false;
  std::string csv_file;  // empty: no CSV
  bool quiet = false;
};
int run_sweep(const SweepCliOptions& options);

int run_ensembles_list(const std::string& db);
int run_ensembles_show(const std::string& db, const std::string& ensemble_id);

// The number formats of the band tables: counts with one decimal
// ("1,234.5"), money in dollars, growth rates in percent with three decimals
// ("3.512%"); differences signed ("+0.068 pt"). NaN is "-".
enum class ValueKind { kCount, kMoney, kRate };
ValueKind value_kind(std::string_view metric);
std::string value_text(double v, ValueKind kind);
std::string delta_text(double v, ValueKind kind);

}  // namespace planwise::cli
