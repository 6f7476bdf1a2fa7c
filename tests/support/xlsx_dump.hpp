// Issue 14 item 6: workbooks read back by an independent reader, Python's
// zipfile and xml.etree (tests/support/xlsx_dump.py), as JSON: every sheet's
// name, frozen panes, autofilter and cells with their number formats.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace planwise::testing {

inline nlohmann::json dump_xlsx(const std::filesystem::path& file) {
  const std::string command = "/usr/bin/python3 '" PLANWISE_SOURCE_DIR
                              "/tests/support/xlsx_dump.py' '" +
                              file.string() + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) {
    ADD_FAILURE() << "cannot run " << command;
    return nullptr;
  }
  std::string out;
  std::array<char, 65536> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get()))
    out.append(buffer.data(), n);
  auto parsed = nlohmann::json::parse(out, nullptr, false);
  if (parsed.is_discarded()) ADD_FAILURE() << "xlsx_dump.py said: " << out.substr(0, 2000);
  return parsed;
}

// The sheet named `name` of a dump, or null.
inline const nlohmann::json* dumped_sheet(const nlohmann::json& dump, const std::string& name) {
  for (const auto& s : dump["sheets"]) {
    if (s["name"] == name) return &s;
  }
  return nullptr;
}

// The value of a key in a two-column sheet (Provenance: field, value).
inline nlohmann::json provenance_value(const nlohmann::json& sheet, const std::string& field) {
  for (const auto& row : sheet["rows"]) {
    if (!row.empty() && !row[0].is_null() && row[0]["v"] == field)
      return row.size() > 1 ? row[1] : nlohmann::json();
  }
  return nlohmann::json();
}

}  // namespace planwise::testing
