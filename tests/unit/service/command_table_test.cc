// The command table against its documentation: proves that docs/openapi.json documents every
// command route as a POST whose x-roles are exactly the roles the table admits and whose
// request schema has exactly the request message's fields, so the document cannot drift from
// what ledgerd serves. And that every route pattern is distinct and names its account.
#include "service/command_table.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace arledger {
namespace {

nlohmann::json OpenApiDocument() {
  const std::string path = std::string(ARLEDGER_SOURCE_DIR) + "/docs/openapi.json";
  std::ifstream file(path);
  EXPECT_TRUE(file) << path;
  return nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
}

TEST(CommandTableTest, OpenApiDocumentsEveryCommandWithItsRolesAndFields) {
  const nlohmann::json document = OpenApiDocument();
  ASSERT_TRUE(document.is_object());
  for (const CommandSpec& spec : CommandSpecs()) {
    SCOPED_TRACE(spec.route);
    ASSERT_TRUE(document["paths"].contains(spec.route));
    const nlohmann::json& operation = document["paths"][spec.route]["post"];
    ASSERT_TRUE(operation.is_object());
    std::string roles;
    for (const auto& role : operation["x-roles"]) {
      roles += (roles.empty() ? "" : ", ") + role.get<std::string>();
    }
    EXPECT_EQ(roles, spec.roles.Describe());
    const std::string name = spec.request->GetDescriptor()->name();
    const nlohmann::json& schema = document["components"]["schemas"][name];
    ASSERT_TRUE(schema.is_object()) << name;
    std::set<std::string> documented, declared;
    for (const auto& [field, unused] : schema["properties"].items()) documented.insert(field);
    const google::protobuf::Descriptor* descriptor = spec.request->GetDescriptor();
    for (int i = 0; i < descriptor->field_count(); ++i)
      declared.insert(descriptor->field(i)->name());
    EXPECT_EQ(documented, declared);
  }
}

TEST(CommandTableTest, PatternsAreDistinctAndMatchTheirDocumentedRoute) {
  std::set<std::string> patterns;
  for (const CommandSpec& spec : CommandSpecs()) {
    EXPECT_TRUE(patterns.insert(spec.pattern).second) << spec.pattern;
    // The documented route with its {placeholders} filled matches the pattern.
    const std::string example = std::regex_replace(spec.route, std::regex(R"(\{[a-z_]+\})"), "X-1");
    std::smatch match;
    ASSERT_TRUE(std::regex_match(example, match, std::regex(spec.pattern))) << spec.route;
    const size_t groups = (spec.account_scoped ? 1 : 0) + (*spec.path_id_field != '\0' ? 1 : 0);
    EXPECT_EQ(match.size() - 1, groups) << spec.route;
  }
}

}  // namespace
}  // namespace arledger
