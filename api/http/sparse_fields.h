#pragma once
// Sparse fieldsets (`fields=id,number,customer.name`): keeps only the named members of a
// resource rendered by JsonWriter (compact JSON), copying the kept values byte for byte, so
// amounts keep their exact text. `id` and `object` are always kept; a dotted path keeps a
// nested member, a name alone keeps the whole value.
//
//   auto fields = ParseFields("id,total,customer.name");   // 422 `invalid_fields` if malformed
//   std::string slim = SelectFields(R"({"id":"inv_1","total":7128.00,"notes":null})", *fields);
//   // {"id":"inv_1","total":7128.00}

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace factura::api {

using FieldSet = std::set<std::string, std::less<>>;

// At most 50 paths of letters, digits and underscores joined by dots. Errors: 422 `invalid_fields`.
[[nodiscard]] domain::Result<FieldSet> ParseFields(std::string_view text);

// The object `json` with only the members `fields` names (see above).
[[nodiscard]] std::string SelectFields(std::string_view json, const FieldSet& fields);

// The top-level members of `object`: names (still escaped) and raw JSON values, in order.
[[nodiscard]] std::vector<std::pair<std::string_view, std::string_view>> Members(
    std::string_view object);

// The raw JSON value of the top-level member `name` of `object`, if it has one.
[[nodiscard]] std::optional<std::string_view> MemberJson(std::string_view object,
                                                         std::string_view name);

// For a list body {"object":"list","data":[…],…}: SelectFields on each element of data.
[[nodiscard]] std::string SelectFieldsOfList(std::string_view json, const FieldSet& fields);

}  // namespace factura::api
