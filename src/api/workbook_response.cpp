#include "api/workbook_response.hpp"

#include "api/routes.hpp"
#include "app/run_manifest.hpp"

namespace planwise::api {

Response workbook_response(Result<io::XlsxWorkbook> workbook, const std::string& filename) {
  Response out;
  out.body = take(app::workbook_bytes(take(std::move(workbook))));
  out.content_type = app::kXlsxMediaType;
  out.headers.push_back({"Content-Disposition", "attachment; filename=\"" + filename + ".xlsx\""});
  return out;
}

bool wants_xlsx(const Request& request) {
  return query_or(request, "format", "") == "xlsx";
}

}  // namespace planwise::api
