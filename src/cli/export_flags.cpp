// Flags of the export commands (issue 14 item 2), registered on the
// subcommands main.cpp made: `runs export RUN --format csv|parquet|xlsx
// --out PATH [--table T]`, `optimize export ID --format xlsx --out PATH`,
// `ensembles export ID --format xlsx --out PATH` and `compare ... --format
// csv|xlsx --out PATH`. `report NAME --format xlsx` is report_flags.cpp's.
#include <CLI/CLI.hpp>

#include "cli/export_commands.hpp"
#include "cli/export_group.hpp"

namespace planwise::cli {

namespace {

class Exports : public ExportCommands {
 public:
  explicit Exports(CLI::App& app) {
    CLI::App* runs = app.get_subcommand("runs");
    run_export_ = runs->add_subcommand(
        "export",
        "Export a run: one table as csv or parquet (--table, default year_summary), or the "
        "run's Excel workbook (xlsx; with --table, that table when it fits Excel)");
    run_export_->add_option("run_id", run_.run_id, "Run id")->required();
    add_format_out(run_export_, run_.format, run_.out, "csv, parquet or xlsx");
    run_export_->add_option("--table", run_.table, "Output table (docs/data.md)");
    run_export_
        ->add_option("--personal-data", run_.personal_data,
                     "masked (SSN last four, birth year) or full")
        ->capture_default_str();
    run_export_->add_option("--db", run_.db, "Run store database file")->capture_default_str();

    for (const char* group : {"optimize", "ensembles"}) {
      const bool opt = std::string(group) == "optimize";
      CLI::App* c = app.get_subcommand(group)->add_subcommand(
          "export", opt ? "Write an optimization run's Excel workbook (evaluations, result)"
                        : "Write an ensemble's Excel workbook (bands, attribution)");
      Record& r = opt ? optimization_ : ensemble_;
      c->add_option(opt ? "run_id" : "ensemble_id", r.id,
                    opt ? "Optimization run id" : "Ensemble id")
          ->required();
      add_format_out(c, r.format, r.out, "xlsx");
      c->add_option("--db", r.db, "Run store database file")->capture_default_str();
      r.command = c;
    }

    compare_ = app.get_subcommand("compare");
    compare_format_ =
        compare_->add_option("--format", compare_format_value_,
                             "Write the comparison to --out as csv or xlsx (Excel workbook)");
    compare_out_ = compare_->add_option("--out", compare_out_value_, "File for --format");
    compare_format_->needs(compare_out_);
    compare_out_->needs(compare_format_);
    for (const char* other : {"--seeds", "--csv"}) {
      if (CLI::Option* o = compare_->get_option_no_throw(other)) compare_format_->excludes(o);
    }
  }

  std::optional<int> run() override {
    if (run_export_->parsed()) return run_runs_export(run_);
    if (optimization_.command->parsed())
      return run_record_export("optimization", optimization_.db, optimization_.id,
                               optimization_.format, optimization_.out);
    if (ensemble_.command->parsed())
      return run_record_export("ensemble", ensemble_.db, ensemble_.id, ensemble_.format,
                               ensemble_.out);
    return std::nullopt;
  }

  std::optional<int> run_compare(const app::CompareRequest& request) override {
    if (!compare_format_->count()) return std::nullopt;
    return run_compare_export(request, compare_format_value_, compare_out_value_);
  }

 private:
  struct Record {
    std::string db = "planwise.duckdb", id, format, out;
    CLI::App* command = nullptr;
  };

  static void add_format_out(CLI::App* c, std::string& format, std::string& out,
                             const std::string& formats) {
    c->add_option("--format", format, formats)->required();
    c->add_option("--out", out, "File to write (replaced only when complete)")->required();
  }

  RunExportOptions run_;
  CLI::App* run_export_ = nullptr;
  Record optimization_, ensemble_;
  CLI::App* compare_ = nullptr;
  CLI::Option* compare_format_ = nullptr;
  CLI::Option* compare_out_ = nullptr;
  std::string compare_format_value_, compare_out_value_;
};

}  // namespace

std::unique_ptr<ExportCommands> add_export_commands(CLI::App& app) {
  return std::make_unique<Exports>(app);
}

}  // namespace planwise::cli
