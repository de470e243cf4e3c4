// JIT linking (cuLinkCreate, cuLinkAddData, cuLinkAddFile, cuLinkComplete, cuLinkDestroy): the
// inputs' PTX is collected, a unit each, and cuLinkComplete links them once to report what would
// fail (the driver's link slot, as for -rdc=true programs), then hands back an image that keeps
// the units apart (fatbin/LinkedPtxImage.h), which cuModuleLoadData links again. The link's log
// buffers (cuLinkCreate's CU_JIT_*_LOG_BUFFER options, which must stay valid for the link's life)
// receive every message of the link so far after each call.
#include "DevicePtx.h"
#include "DriverState.h"
#include "LinkedPtxImage.h"
#include "support/JitLogs.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

struct CUlinkState_st {
  qiao::JitLogs logs;
  std::vector<std::string> units; // the inputs' PTX, a translation unit each
  std::string errors;             // the error log's text so far
  std::string image;              // cuLinkComplete's result, which lives as long as the link
};

using namespace qiao::cuda;

namespace {

struct Links {
  std::mutex mutex;
  std::set<CUlinkState> live;
};

Links &links() {
  static auto *instance = new Links();
  return *instance;
}

bool isLink(CUlinkState state) {
  Links &all = links();
  std::lock_guard lock(all.mutex);
  return state != nullptr && all.live.count(state) != 0;
}

// Records a failure in the link's error log and returns its code.
CUresult refuse(CUlinkState state, CUresult code, const std::string &message) {
  state->errors += message;
  state->errors += '\n';
  state->logs.write("", state->errors);
  return code;
}

// The newest architecture a PTX text's .target directives name (0 without one). ptxas compiles
// each input for the device at once, so an input for a newer one fails when it is added.
unsigned newestTarget(std::string_view ptx) {
  unsigned newest = 0;
  size_t at = 0;
  while (at < ptx.size()) {
    size_t end = ptx.find('\n', at);
    std::string_view line = ptx.substr(at, end == std::string_view::npos ? end : end - at);
    at = end == std::string_view::npos ? ptx.size() : end + 1;
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (!line.starts_with(".target"))
      continue;
    for (std::string_view prefix : {"sm_", "compute_"}) {
      for (size_t hit = line.find(prefix); hit != std::string_view::npos;
           hit = line.find(prefix, hit + 1)) {
        unsigned number = 0;
        for (size_t i = hit + prefix.size(); i < line.size() && std::isdigit(uint8_t(line[i])); ++i)
          number = number * 10 + unsigned(line[i] - '0');
        newest = std::max(newest, number);
      }
    }
  }
  return newest;
}

CUresult addInput(CUlinkState state, CUjitInputType type, const void *data, size_t size,
                  const char *name) {
  std::string origin = name ? std::string("input '") + name + "'" : std::string("an input");
  qiao::fatbin::PtxUnits ptx(1);
  switch (type) {
  case CU_JIT_INPUT_PTX:
    ptx[0].assign(static_cast<const char *>(data), strnlen(static_cast<const char *>(data), size));
    if (unsigned target = newestTarget(ptx[0]), device = qiao::fatbin::currentDeviceArch();
        target > device)
      return refuse(state, CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
                    origin + ": PTX .target sm_" + std::to_string(target) +
                        " is newer than the device (compute capability " +
                        std::to_string(device / 10) + "." + std::to_string(device % 10) + ")");
    break;
  case CU_JIT_INPUT_CUBIN:
  case CU_JIT_INPUT_FATBINARY: {
    auto found = qiao::fatbin::devicePtx(data, size, qiao::fatbin::currentDeviceArch());
    if (!found)
      return refuse(state, toCuResult(found.error().code), origin + ": " + found.error().message);
    ptx = std::move(found).value();
    break;
  }
  default:
    // Host objects and archives (CU_JIT_INPUT_OBJECT, _LIBRARY) carry fatbins inside ELF
    // sections this driver does not read.
    return refuse(state, CUDA_ERROR_INVALID_VALUE,
                  origin + ": only PTX, cubin and fatbinary inputs can be linked");
  }
  for (std::string &unit : ptx)
    state->units.push_back(std::move(unit));
  state->logs.write("", state->errors);
  return CUDA_SUCCESS;
}

} // namespace

extern "C" CUresult cuLinkCreate(unsigned int numOptions, CUjit_option *options,
                                 void **optionValues, CUlinkState *stateOut) {
  if (CUresult result = requireContext())
    return result;
  if (stateOut == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  auto logs =
      qiao::JitLogs::parse(numOptions, reinterpret_cast<const int *>(options), optionValues);
  if (!logs)
    return CUDA_ERROR_INVALID_VALUE;
  auto *state = new CUlinkState_st();
  state->logs = *logs;
  state->logs.write("", "");
  Links &all = links();
  std::lock_guard lock(all.mutex);
  all.live.insert(state);
  *stateOut = state;
  return CUDA_SUCCESS;
}

// The options given here apply to this input only; none of them changes what Qiao links.
extern "C" CUresult cuLinkAddData(CUlinkState state, CUjitInputType type, void *data, size_t size,
                                  const char *name, unsigned int numOptions, CUjit_option *options,
                                  void **optionValues) {
  if (CUresult result = requireContext())
    return result;
  if (!isLink(state))
    return CUDA_ERROR_INVALID_HANDLE;
  if (data == nullptr || size == 0 ||
      (numOptions > 0 && (options == nullptr || optionValues == nullptr)))
    return CUDA_ERROR_INVALID_VALUE;
  return addInput(state, type, data, size, name);
}

extern "C" CUresult cuLinkAddFile(CUlinkState state, CUjitInputType type, const char *path,
                                  unsigned int numOptions, CUjit_option *options,
                                  void **optionValues) {
  if (CUresult result = requireContext())
    return result;
  if (!isLink(state))
    return CUDA_ERROR_INVALID_HANDLE;
  if (path == nullptr || (numOptions > 0 && (options == nullptr || optionValues == nullptr)))
    return CUDA_ERROR_INVALID_VALUE;
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return refuse(state, CUDA_ERROR_FILE_NOT_FOUND, std::string("cannot read '") + path + "'");
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.empty())
    return refuse(state, CUDA_ERROR_INVALID_VALUE, std::string("'") + path + "' is empty");
  return addInput(state, type, bytes.data(), bytes.size(), path);
}

extern "C" CUresult cuLinkComplete(CUlinkState state, void **cubinOut, size_t *sizeOut) {
  if (CUresult result = requireContext())
    return result;
  if (!isLink(state))
    return CUDA_ERROR_INVALID_HANDLE;
  if (cubinOut == nullptr || sizeOut == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (state->units.empty())
    return refuse(state, CUDA_ERROR_INVALID_VALUE, "nothing to link: no input was added");
  // Loading the linked units once finds what ptxas and nvlink would refuse (syntax, types,
  // unresolved or duplicate symbols, a target newer than the device), with its message.
  char message[1024] = {0};
  CUjit_option logOptions[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *logValues[] = {message, reinterpret_cast<void *>(sizeof message)};
  qiaoModule_t trial = nullptr;
  if (qiaoError_t error = qiao::fatbin::loadPtxUnits(
          &trial, state->units, 2, reinterpret_cast<int *>(logOptions), logValues))
    return refuse(state, toCuResult(error), message);
  qiaoModuleUnload(trial);
  state->image = qiao::fatbin::writeLinkedPtxImage(state->units);
  *cubinOut = state->image.data();
  *sizeOut = state->image.size() + 1; // with its NUL, as PTX text is loaded
  return CUDA_SUCCESS;
}

extern "C" CUresult cuLinkDestroy(CUlinkState state) {
  {
    Links &all = links();
    std::lock_guard lock(all.mutex);
    if (state == nullptr || all.live.erase(state) == 0)
      return CUDA_ERROR_INVALID_HANDLE;
  }
  delete state;
  return CUDA_SUCCESS;
}
