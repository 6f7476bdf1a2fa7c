// Style guide §1: the rings. Each folder may include only the folders the
// table allows; a third-party heavy header may appear only in its owner.
// This test reads every #include under src/ and fails on a forbidden arrow.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

// Folder -> project folders it may include (itself always allowed).
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"common", {}},
    {"engine", {"common"}},
    {"io", {"engine", "common"}},
    {"store", {"engine", "common"}},
    {"levers", {"store", "engine", "common"}},
    // Issue 11 item 9: the governance rules, beside levers/, with no SQL.
    {"governance", {"common"}},
    // Issue 12 item 8: ensemble statistics over the engine's aggregates.
    {"ensemble", {"engine", "common"}},
    {"tuning", {"levers", "ensemble", "engine", "common"}},
    {"app", {"io", "store", "levers", "governance", "tuning", "ensemble", "engine", "common"}},
    {"api", {"app", "ensemble", "engine", "common"}},
    {"server", {"api", "app", "common"}},
    {"cli", {"server", "api", "app", "common"}},
};

// Third-party header prefix -> the only folders that may include it.
const std::map<std::string, std::set<std::string>> kOwnedHeaders = {
    // httplib.h in cli/: server_client.cpp, the CLI's client of a running
    // server (issue 14 item 4).
    {"duckdb.h", {"store"}},        {"CLI/", {"cli"}},     {"httplib.h", {"server", "cli"}},
    {"nlohmann/json.hpp", {"api"}}, {"yaml-cpp/", {"io"}}, {"nlopt", {"tuning"}},
    {"pagmo/", {"tuning"}},
    // Issue 14 item 2: libxlsxwriter only in io/xlsx_workbook.cpp.
    {"xlsxwriter", {"io"}},
};

struct Include {
  std::string file;
  std::string target;
};

std::vector<Include> includes_of(const fs::path& file) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*[<"]([^>"]+)[>"])re");
  std::vector<Include> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, kInclude)) out.push_back({file.string(), m[1]});
  }
  return out;
}

std::vector<std::string> violations(const fs::path& src) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    const std::string folder = fs::relative(entry.path(), src).begin()->string();
    const auto allowed = kAllowed.find(folder);
    if (allowed == kAllowed.end()) {
      out.push_back(entry.path().string() + ": folder '" + folder + "' is not in the ring table");
      continue;
    }
    for (const Include& inc : includes_of(entry.path())) {
      const std::string head = inc.target.substr(0, inc.target.find('/'));
      if (inc.target.find('/') != std::string::npos && kAllowed.count(head)) {
        if (head != folder && !allowed->second.count(head)) {
          out.push_back(inc.file + ": " + folder + "/ may not include " + inc.target);
        }
        continue;
      }
      for (const auto& [prefix, owners] : kOwnedHeaders) {
        if (inc.target.rfind(prefix, 0) == 0 && !owners.count(folder)) {
          out.push_back(inc.file + ": " + inc.target + " belongs in " + *owners.begin() + "/ only");
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Architecture, IncludesFollowTheRings) {
  const std::vector<std::string> v = violations(source_dir() / "src");
  std::string all;
  for (const auto& s : v) all += s + "\n";
  EXPECT_TRUE(v.empty()) << all;
}

TEST(Architecture, CheckerFlagsAnEngineIncludeOfTheStore) {
  TempDir dir;
  write_file(dir / "src/engine/bad.cpp", "#include \"store/database.hpp\"\n");
  write_file(dir / "src/io/worse.cpp", "#include <duckdb.h>\n");
  write_file(dir / "src/store/fine.cpp", "#include <duckdb.h>\n#include \"engine/census.hpp\"\n");
  const std::vector<std::string> v = violations(dir / "src");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NE(v[0].find("may not include store/database.hpp"), std::string::npos);
  EXPECT_NE(v[1].find("duckdb.h belongs in store/"), std::string::npos);
}

}  // namespace
}  // namespace planwise::test
