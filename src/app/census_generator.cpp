// Distributions are read off the bundled census (spec §1.2 profile):
// level mix 2,348 / 1,448 / 250 / 244 / 88 of 4,378; pay by level within the
// observed ranges, in multiples of 100; about 18 % hired in the census year;
// ages 22-65 rising with level; 12.4 % of rows terminated during the year.
#include "app/census_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/census_file.hpp"
#include "engine/draws.hpp"
#include "io/csv_table_writer.hpp"
#include "store/parquet_files.hpp"

namespace planwise::app {

namespace {

using namespace engine;

// Level weights and observed pay ranges of the bundled baseline.
constexpr double kLevelWeights[] = {2348, 1448, 250, 244, 88};
constexpr double kPayLow[] = {50000, 81000, 121200, 161100, 275500};
constexpr double kPayHigh[] = {80900, 120800, 160700, 274700, 350000};

// Draw streams of the generator (its own keys, separate from the engine's).
enum : std::uint16_t {
  kLevel = 1,
  kAge,
  kAgeNoise,
  kTenure,
  kHireDay,
  kBirthDay,
  kPay,
  kLeft,
  kExitDay,
  kRecent
};

double normal_from(double u1, double u2) {  // Box-Muller
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace

Status generate_census(const CensusSpec& spec, const std::filesystem::path& out) {
  if (spec.employees < 1 || spec.employees > 50'000'000) {
    return Error::invalid_input("command line", 0, "--employees", "employees_range",
                                std::to_string(spec.employees),
                                "expected between 1 and 50,000,000 employees");
  }
  const bool parquet = out.extension() == ".parquet";
  const std::filesystem::path csv_path =
      parquet ? std::filesystem::path(out.string() + ".tmp.csv") : out;
  auto opened = io::CsvTableWriter::open(csv_path, census_table());
  if (!opened) return std::move(opened).error();
  io::CsvTableWriter& w = **opened;

  const int width = std::max(6, static_cast<int>(std::to_string(spec.employees).size()));
  const std::uint64_t run = run_key(spec.seed);
  const CategoricalTable levels(kLevelWeights);
  const int year = spec.as_of_year;
  const DayNumber census_date = dec31(year);
  std::string id;
  char ssn[32];
  for (std::int64_t i = 1; i <= spec.employees; ++i) {
    const std::string digits = std::to_string(i);
    id = "EMP_" + std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits;
    const std::uint64_t state = draw_state(run, id_key(id));
    auto u = [state](std::uint16_t stream) { return uniform(state, 0, stream); };
    // A bijection of i onto 9-digit numbers keeps SSNs unique and scrambled.
    const std::uint64_t scrambled =
        (static_cast<std::uint64_t>(i) * 387420489ULL) % 900000000ULL + 100000000ULL;
    std::snprintf(ssn, sizeof ssn, "SSN-%09llu", static_cast<unsigned long long>(scrambled));

    const int level = levels.pick(u(kLevel)) + 1;
    const double age_mean = 34.0 + 4.0 * (level - 1);
    const int age = std::clamp(
        static_cast<int>(std::lround(age_mean + 9.0 * normal_from(u(kAge), u(kAgeNoise)))), 22, 65);
    // Tenure: 18 % hired in the census year, else exponential with mean 7
    // years, bounded by working age.
    int tenure = 0;
    if (u(kRecent) >= 0.18) {
      tenure = 1 + static_cast<int>(-7.0 * std::log(u(kTenure)));
      tenure = std::min(tenure, std::max(0, age - 21));
    }
    const int hire_year = year - tenure;
    const DayNumber hire = uniform_day(u(kHireDay), hire_year);
    const int birth_year = year - age;
    const DayNumber birth = uniform_day(u(kBirthDay), birth_year);
    const double lo = kPayLow[level - 1], hi = kPayHigh[level - 1];
    const double pay = 100.0 * std::floor((lo + u(kPay) * (hi - lo)) / 100.0);
    const bool left = u(kLeft) < spec.terminated_share;
    DayNumber exit = kNoDate;
    if (left) {
      const DayNumber first = std::max(hire, jan1(year));
      const int span = census_date - first + 1;
      exit = first + std::min(span - 1, static_cast<int>(u(kExitDay) * span));
    }
    w.text(id);
    w.text(ssn);
    w.date(birth);
    w.date(hire);
    w.date(exit);
    w.real(pay);
    w.boolean(!left);
    w.end_row();
  }
  PLANWISE_RETURN_IF_ERROR(w.close());
  if (parquet) {
    Status converted = store::convert_csv_to_parquet(csv_path, out);
    std::error_code ec;
    std::filesystem::remove(csv_path, ec);
    return converted;
  }
  return Status::success();
}

}  // namespace planwise::app
