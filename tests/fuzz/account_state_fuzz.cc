// Fuzz target: bytes -> DecodeAccountState, as the projector and the queries read a stored
// account state.
//
// Whatever the bytes, decoding returns Corruption or a state; never a crash, a hang or an
// allocation beyond the input's size. A state it returns must encode to bytes that decode to the
// same state again, and must convert to its API form (v1::AccountState) and back unchanged: the
// encoding has no value the native form cannot hold. Seeds (corpus/account_state/) are encoded
// states of the benchmark portfolio, small to large.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/state_codec.h"
#include "core/state_proto.h"
#include "tests/fuzz/fold_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using arledger::fuzz::Require;
  arledger::AccountState state;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!arledger::DecodeAccountState(bytes, &state).ok()) return 0;
  std::string encoded;
  arledger::EncodeAccountState(state, &encoded);
  arledger::AccountState decoded;
  Require(arledger::DecodeAccountState(encoded, &decoded).ok() && decoded == state,
          "a decoded state encodes to bytes that decode to it");
  arledger::v1::AccountState api_form;
  arledger::ToProto(state, &api_form);
  arledger::AccountState converted;
  Require(arledger::FromProto(api_form, &converted).ok() && converted == state,
          "a decoded state converts to its API form and back");
  return 0;
}
