// `planwise census import|list` (issue 14 item 1): prints what
// app/census_import.hpp proposes, previews and stores.
#include "cli/census_commands.hpp"

#include <cmath>
#include <fstream>
#include <iostream>

#include "app/users.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

// Issues printed on the terminal; --issues-csv has them all.
constexpr std::size_t kIssuesShown = 40;

void print_map(const io::CensusMap& map, bool from_file) {
  std::cout << (from_file ? "Map (from the mapping file):\n"
                          : "Proposed map (by column name and content):\n");
  TextTablePrinter t({"Field", "File column", "Matched by", "Date format", "Why"});
  for (std::size_t f = 0; f < io::kCensusFieldCount; ++f) {
    const auto field = static_cast<io::CensusField>(f);
    const io::ColumnMapping& m = map.fields[f];
    std::string format = "-";
    if (io::census_field_is_date(field) && m.mapped()) {
      if (m.date_format) {
        format = std::string(io::date_format_name(*m.date_format));
      } else {
        format = "? (";
        for (std::size_t i = 0; i < m.date_format_candidates.size(); ++i)
          format += (i > 0 ? " or " : "") +
                    std::string(io::date_format_name(m.date_format_candidates[i]));
        format += ")";
      }
    }
    std::string key(io::census_field_key(field));
    if (io::census_field_required(field)) key += " *";
    t.add_row({key, m.mapped() ? m.column : "-", std::string(io::matched_by_name(m.matched_by)),
               format, m.reason.empty() ? "-" : m.reason});
  }
  std::cout << t.render({true, true, true, true, true});
  std::cout << "(* required)  pay basis: " << io::pay_basis_name(map.pay_basis);
  if (map.pay_basis != io::PayBasis::kAnnual)
    std::cout << " (hourly pay: rate x standard weekly hours x 52)";
  if (map.default_standard_hours)
    std::cout << "; default standard hours: " << shortest_text(*map.default_standard_hours);
  std::cout << "\n";
  for (const io::ExclusionRule& r : map.exclude) {
    std::string values;
    for (const std::string& v : r.values) values += (values.empty() ? "" : ", ") + v;
    std::cout << "exclude: rows where " << r.column << " is " << values
              << (r.reason.empty() ? "" : " (" + r.reason + ")") << "\n";
  }
  std::string unused;
  for (const std::string& c : map.file_columns) {
    bool used = false;
    for (const io::ColumnMapping& m : map.fields) used |= m.column == c;
    if (!used) unused += (unused.empty() ? "" : ", ") + c;
  }
  if (!unused.empty()) std::cout << "not used: " << unused << "\n";
}

void print_distribution(const char* title, const app::Distribution& d, bool money) {
  if (d.count == 0) return;
  auto v = [money](double x) {
    return money ? dollars(x) : shortest_text(std::round(x * 10) / 10);
  };
  TextTablePrinter q({title, "min", "p10", "p25", "median", "p75", "p90", "max", "mean"});
  q.add_row({with_commas(static_cast<std::int64_t>(d.count)) + " active", v(d.min), v(d.p10),
             v(d.p25), v(d.p50), v(d.p75), v(d.p90), v(d.max), v(d.mean)});
  std::cout << q.render({true});
  std::string bands;
  for (const app::Band& b : d.bands)
    bands += (bands.empty() ? "  " : "  ") + b.label + ": " + std::to_string(b.count);
  std::cout << "  bands:" << bands << "\n";
}

void print_preview(const app::CensusPreview& p) {
  const app::CensusCounts& c = p.counts;
  std::cout << "\nPreview of " << p.source_name << " (census date " << p.census_date
            << ", start year " << p.start_year << "):\n";
  std::cout << "rows: " << with_commas(static_cast<std::int64_t>(c.rows_total))
            << " in the file = " << with_commas(static_cast<std::int64_t>(c.active)) << " active + "
            << with_commas(static_cast<std::int64_t>(c.terminated)) << " terminated + "
            << with_commas(static_cast<std::int64_t>(c.excluded)) << " excluded\n";
  for (const app::ExcludedCount& e : c.excluded_by_reason)
    std::cout << "  excluded, " << e.reason << ": " << e.rows << "\n";
  print_distribution("Annual pay", p.pay, true);
  print_distribution("Age", p.age, false);
  if (!p.level_mix.empty()) {
    TextTablePrinter t({"Level", "Name", "Active", "Share"});
    for (const app::LevelShare& l : p.level_mix)
      t.add_row({std::to_string(l.level), l.name, with_commas(static_cast<std::int64_t>(l.count)),
                 percent(l.share)});
    std::cout << "Level mix (derived from pay by the level bands):\n" << t.render({false, true});
  }
  for (const app::CensusQuestion& q : p.questions) std::cout << "QUESTION: " << q.message << "\n";
  std::cout << p.errors << " error(s), " << p.warnings << " warning(s)\n";
  if (!p.issues.empty()) {
    TextTablePrinter t({"Severity", "Row", "Column", "Rule", "Value", "Message"});
    for (std::size_t i = 0; i < p.issues.size() && i < kIssuesShown; ++i) {
      const app::CensusIssue& s = p.issues[i];
      t.add_row({app::issue_severity_name(s.severity), s.row > 0 ? std::to_string(s.row) : "-",
                 s.column.empty() ? "-" : s.column, s.rule, s.value.empty() ? "-" : s.value,
                 s.message});
    }
    std::cout << t.render({true, false, true, true, true, true});
    const std::size_t more =
        p.issues.size() + p.issues_not_listed - std::min(p.issues.size(), kIssuesShown);
    if (more > 0) std::cout << "(" << more << " more; --issues-csv FILE writes them all)\n";
  }
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Error::make(ErrorKind::kStorage, "cannot write " + path);
  return Status::success();
}

}  // namespace

int run_census_import(const CensusImportFlags& flags) {
  const app::CensusSource source{flags.file, ""};
  auto map = flags.map_path.empty() ? app::propose_census_map(source)
                                    : app::read_census_map(flags.map_path);
  if (!map) return fail(map.error());
  if (!flags.date_format.empty()) {
    const auto format = io::date_format_from_name(flags.date_format);
    if (!format) {
      return fail(Error::invalid_input("command line", 0, "--date-format", "date_format",
                                       flags.date_format,
                                       "expected YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY, "
                                       "YYYYMMDD, \"Mon D, YYYY\" or D-Mon-YYYY"));
    }
    io::state_open_date_formats(*map, *format);
  }
  if (flags.standard_hours) {
    if (*flags.standard_hours <= 0 || *flags.standard_hours > 168) {
      return fail(Error::invalid_input("command line", 0, "--standard-hours", "hours_range",
                                       shortest_text(*flags.standard_hours),
                                       "expected weekly hours above 0 and at most 168"));
    }
    map->default_standard_hours = flags.standard_hours;
  }
  auto preview = app::preview_census_import(source, *map, flags.options);
  if (!preview) return fail(preview.error());
  print_map(preview->map, !flags.map_path.empty());
  print_preview(*preview);
  if (!flags.save_map_path.empty()) {
    if (Status s = app::write_census_map(preview->map, flags.save_map_path); !s.ok())
      return fail(s.error());
    std::cout << "Map saved to " << flags.save_map_path << " (reuse it with --map)\n";
  }
  if (!flags.issues_csv.empty()) {
    if (Status s = write_text(flags.issues_csv, app::census_issues_csv(*preview)); !s.ok())
      return fail(s.error());
    std::cout << "Issues written to " << flags.issues_csv << "\n";
  }
  if (!preview->can_confirm) {
    std::cout << "The census cannot be confirmed: answer the questions and fix the errors, "
                 "then run again. Nothing is stored.\n";
    return exit_code(ErrorKind::kInvalidInput);
  }
  if (!flags.yes) {
    std::cout << "Nothing is stored yet. To store this census, run the same command with --yes.\n";
    return kExitOk;
  }
  auto actor = app::cli_actor(flags.db, flags.as);
  if (!actor) return fail(actor.error());
  auto stored =
      app::confirm_census_import(flags.db, source, *map, flags.name, *actor, flags.options);
  if (!stored) return fail(stored.error());
  std::cout << "Stored census '" << stored->name << "' (sha256 " << stored->sha256 << ") at "
            << stored->path.string() << "\nSimulate on it with: planwise simulate --census "
            << stored->name << "\n";
  return kExitOk;
}

int run_census_list(const std::string& db) {
  auto censuses = app::list_censuses(db);
  if (!censuses) return fail(censuses.error());
  TextTablePrinter t({"Name", "SHA-256", "Source", "Rows", "Active", "Terminated", "Excluded",
                      "Imported (UTC)", "By"});
  for (const app::StoredCensus& c : *censuses) {
    t.add_row({c.name, c.sha256.substr(0, 12), c.source_name,
               with_commas(static_cast<std::int64_t>(c.rows_total)),
               with_commas(static_cast<std::int64_t>(c.active)),
               with_commas(static_cast<std::int64_t>(c.terminated)),
               with_commas(static_cast<std::int64_t>(c.excluded)), c.imported_at, c.imported_by});
  }
  std::cout << t.render({true, true, true});
  std::cout << "(" << censuses->size() << " censuses)\n";
  return kExitOk;
}

}  // namespace planwise::cli
