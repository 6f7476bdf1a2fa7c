// Issue 14 item 2: an Excel workbook as an HTTP attachment (Content-Type
// application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), for
// the run, compare, optimization, ensemble and report routes.
#pragma once

#include <string>

#include "api/http_types.hpp"
#include "app/workbook_sheets.hpp"

namespace planwise::api {

// A failed build of the workbook is the route's error (404, 400, ...).
// `filename` is sent as the attachment's name (.xlsx appended).
Response workbook_response(Result<io::XlsxWorkbook> workbook, const std::string& filename);

// Whether the request asks for ?format=xlsx.
bool wants_xlsx(const Request& request);

}  // namespace planwise::api
