// Handler of `planwise census anonymize IN OUT --seed S` (issue 14 item 5);
// the flags are in anonymize_flags.cpp.
#pragma once

#include "app/census_anonymizer.hpp"
#include "app/inputs.hpp"

namespace planwise::cli {

struct AnonymizeOptions {
  app::AnonymizeSpec spec;
  app::InputRequest inputs;  // configuration for the headline check
  int check_seeds = 20;      // 0: no headline check
};
int run_anonymize(const AnonymizeOptions& o);

}  // namespace planwise::cli
