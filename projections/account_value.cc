// Reading an accounts-model value in either of its forms.
#include "projections/account_value.h"

#include "arledger/v1/state.pb.h"
#include "core/state_codec.h"
#include "core/state_proto.h"

namespace arledger {
namespace {

// The first byte of a serialised v1::AccountState: field 1 (account_id), length-delimited.
constexpr char kApiFormFirstByte = 0x0A;

}  // namespace

Status DecodeStoredAccount(std::string_view value, AccountState* state) {
  if (value.empty() || value.front() != kApiFormFirstByte) return DecodeAccountState(value, state);
  v1::AccountState api_form;
  if (!api_form.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Corruption("account state does not parse");
  }
  return FromProto(api_form, state);
}

}  // namespace arledger
