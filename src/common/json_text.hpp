// A JSON string literal for the few JSON texts written outside src/api
// (run manifests, audit entry details), where nlohmann/json may not be
// included (style guide §1: heavy headers stay in their owner).
#pragma once

#include <string>
#include <string_view>

namespace planwise {

// "text" with the escapes of RFC 8259 §7: quote, backslash and every
// control character (\n, \r, \t by name, the rest as \u00XX).
std::string json_quoted(std::string_view text);

}  // namespace planwise
