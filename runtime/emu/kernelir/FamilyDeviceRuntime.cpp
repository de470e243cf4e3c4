// Calls of the device runtime (dynamic parallelism: device-side launches, streams, events,
// copies, errors and queries) as `qiao.device.*` functions, one per entry point, with the
// signatures of DeviceRuntimeCalls.def. The PTX call's arguments are the caller's registers or
// .param variables; a dim3 becomes its three words, a struct passed by value a pointer to its
// bytes in the caller's param area.
#include "FunctionLowering.h"

namespace qiao::kir {

using namespace llvm;

namespace {

struct DeviceCall {
  ptx::Builtin builtin;
  const char *name;
  char result;
  const char *params;
};

constexpr DeviceCall kDeviceCalls[] = {
#define QIAO_KIR_DEVICE_CALL(builtin, name, result, params)                                        \
  {ptx::Builtin::builtin, name, result, params},
#include "DeviceRuntimeCalls.def"
#undef QIAO_KIR_DEVICE_CALL
};

const DeviceCall *deviceCall(ptx::Builtin builtin) {
  for (const DeviceCall &call : kDeviceCalls)
    if (call.builtin == builtin)
      return &call;
  return nullptr;
}

} // namespace

Value *FunctionLowering::lowerDeviceRuntimeCall(const ptx::Function &callee,
                                                const ptx::CallSite &site) {
  const DeviceCall *call = deviceCall(callee.builtin);
  if (!call)
    unsupported("a call of the device runtime's '" + callee.name +
                "', which Qiao kernel IR does not express");
  auto argument = [&](size_t i) -> const ptx::CallValue & {
    if (i >= site.args.size())
      unsupported("a call of '" + callee.name + "' with too few arguments");
    return site.args[i];
  };
  // The bytes of an argument passed in the caller's param area.
  auto inFrame = [&](const ptx::CallValue &v, const char *what) -> Value * {
    if (v.inRegister)
      unsupported(std::string("a call of '") + callee.name + "' passing " + what +
                  " in a register");
    return b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, v.callerLocation);
  };
  auto scalar = [&](const ptx::CallValue &v, llvm::Type *type) -> Value * {
    Value *raw = v.inRegister ? cell(v.callerLocation)
                              : b_.CreateLoad(b_.getIntNTy(v.size * 8), inFrame(v, "a scalar"));
    return b_.CreateZExtOrTrunc(raw, type);
  };
  std::vector<llvm::Type *> types;
  std::vector<Value *> args;
  for (size_t i = 0; call->params[i]; ++i) {
    const ptx::CallValue &v = argument(i);
    switch (call->params[i]) {
    case 'i':
      types.push_back(i32_);
      args.push_back(scalar(v, i32_));
      break;
    case 'l':
    case 'k':
      types.push_back(i64_);
      args.push_back(scalar(v, i64_));
      break;
    case 'p':
      types.push_back(ptr_);
      args.push_back(b_.CreateIntToPtr(scalar(v, i64_), ptr_));
      break;
    case 'd': {
      if (v.size < 12)
        unsupported("a call of '" + callee.name + "' with a dim3 of " + std::to_string(v.size) +
                    " bytes");
      Value *bytes = inFrame(v, "a dim3");
      for (unsigned d = 0; d < 3; ++d) {
        types.push_back(i32_);
        args.push_back(b_.CreateLoad(i32_, b_.CreateConstInBoundsGEP1_64(i8_, bytes, d * 4)));
      }
      break;
    }
    case 'b':
      types.push_back(ptr_);
      args.push_back(inFrame(v, "a struct"));
      break;
    default:
      unsupported("a device runtime signature with parameter kind '" +
                  std::string(1, call->params[i]) + "'");
    }
  }
  llvm::Type *ret = call->result == 'p' ? ptr_ : i32_;
  Value *result = b_.CreateCall(q(call->name, ret, types), args);
  // A returned pointer is an address; an error code reaches the caller zero-extended, as the
  // interpreter hands it over.
  return call->result == 'p' ? b_.CreatePtrToInt(result, i64_) : b_.CreateZExt(result, i64_);
}

} // namespace qiao::kir
