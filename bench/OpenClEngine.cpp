// PoCL (or whichever OpenCL CPU device the ICD loader offers first) running kernels/<file>.cl.
// One context and in-order queue for the process; each workload builds its program with the
// default options and keeps its buffers in device memory. PoCL spreads work-groups over all
// cores by default, as the engine spreads blocks.
#include "KernelEngine.h"

#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace qiao::bench {
namespace {

std::string failed(const char *call, cl_int code) {
  return std::string(call) + " failed with OpenCL error " + std::to_string(code);
}

std::string platformInfo(cl_platform_id platform, cl_platform_info what) {
  char text[512] = {};
  clGetPlatformInfo(platform, what, sizeof text - 1, text, nullptr);
  return text;
}

std::string deviceInfo(cl_device_id device, cl_device_info what) {
  char text[512] = {};
  clGetDeviceInfo(device, what, sizeof text - 1, text, nullptr);
  return text;
}

struct ClDevice {
  cl_device_id device = nullptr;
  cl_context context = nullptr;
  cl_command_queue queue = nullptr;
  std::string description; // platform version, device name
  std::string error;       // why there is no device
};

ClDevice openDevice() {
  ClDevice d;
  cl_uint count = 0;
  cl_platform_id platforms[16];
  if (clGetPlatformIDs(16, platforms, &count) != CL_SUCCESS || count == 0) {
    d.error = "no OpenCL platform (is pocl-opencl-icd installed?)";
    return d;
  }
  for (cl_uint p = 0; p < count && !d.device; ++p)
    if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_CPU, 1, &d.device, nullptr) == CL_SUCCESS)
      d.description = platformInfo(platforms[p], CL_PLATFORM_VERSION) + ", " +
                      deviceInfo(d.device, CL_DEVICE_NAME);
  if (!d.device) {
    d.error = "no OpenCL CPU device";
    return d;
  }
  cl_int code = CL_SUCCESS;
  d.context = clCreateContext(nullptr, 1, &d.device, nullptr, nullptr, &code);
  if (code == CL_SUCCESS)
    d.queue = clCreateCommandQueueWithProperties(d.context, d.device, nullptr, &code);
  if (code != CL_SUCCESS) {
    d.error = failed("creating the context and queue", code);
    d.device = nullptr;
  }
  return d;
}

// Opened on first use, kept for the life of the process.
const ClDevice &clDevice() {
  static const ClDevice device = openDevice();
  return device;
}

class OpenClEngine : public KernelEngine {
public:
  ~OpenClEngine() override {
    for (cl_mem buffer : buffers_)
      clReleaseMemObject(buffer);
    if (kernel_)
      clReleaseKernel(kernel_);
    if (program_)
      clReleaseProgram(program_);
  }

  std::string prepare(const Workload &w, double &compileMs) override {
    const ClDevice &d = clDevice();
    std::string path = std::string(QIAO_BENCH_CL_DIR) + "/" + w.file + ".cl";
    std::ifstream file(path);
    if (!file)
      return "cannot read " + path;
    std::stringstream text;
    text << file.rdbuf();
    std::string source = text.str();
    const char *sources[] = {source.c_str()};
    cl_int code = CL_SUCCESS;
    auto start = std::chrono::steady_clock::now();
    program_ = clCreateProgramWithSource(d.context, 1, sources, nullptr, &code);
    if (code != CL_SUCCESS)
      return failed("clCreateProgramWithSource", code);
    if ((code = clBuildProgram(program_, 1, &d.device, "", nullptr, nullptr)) != CL_SUCCESS)
      return failed("clBuildProgram", code) + ":\n" + buildLog();
    kernel_ = clCreateKernel(program_, w.kernel.c_str(), &code);
    if (code != CL_SUCCESS)
      return failed("clCreateKernel", code);
    compileMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    initial_ = &w.buffers;
    for (const Bytes &contents : w.buffers) {
      buffers_.push_back(
          clCreateBuffer(d.context, CL_MEM_READ_WRITE, contents.size(), nullptr, &code));
      if (code != CL_SUCCESS)
        return failed("clCreateBuffer", code);
    }
    for (cl_uint i = 0; i < w.args.size(); ++i) {
      if (auto *buffer = std::get_if<BufferArg>(&w.args[i]))
        code = clSetKernelArg(kernel_, i, sizeof(cl_mem), &buffers_[buffer->index]);
      else if (auto *f = std::get_if<float>(&w.args[i]))
        code = clSetKernelArg(kernel_, i, sizeof(cl_float), f);
      else
        code = clSetKernelArg(kernel_, i, sizeof(cl_uint), &std::get<uint32_t>(w.args[i]));
      if (code != CL_SUCCESS)
        return failed("clSetKernelArg", code);
    }
    for (int dim = 0; dim < 3; ++dim) {
      local_[dim] = w.block[dim];
      global_[dim] = static_cast<size_t>(w.grid[dim]) * w.block[dim];
    }
    return {};
  }

  std::string reset() override {
    for (size_t i = 0; i < buffers_.size(); ++i)
      if (cl_int code =
              clEnqueueWriteBuffer(clDevice().queue, buffers_[i], CL_TRUE, 0, (*initial_)[i].size(),
                                   (*initial_)[i].data(), 0, nullptr, nullptr);
          code != CL_SUCCESS)
        return failed("clEnqueueWriteBuffer", code);
    return {};
  }

  std::string launch() override {
    cl_command_queue queue = clDevice().queue;
    if (cl_int code = clEnqueueNDRangeKernel(queue, kernel_, 3, nullptr, global_, local_, 0,
                                             nullptr, nullptr);
        code != CL_SUCCESS)
      return failed("clEnqueueNDRangeKernel", code);
    if (cl_int code = clFinish(queue); code != CL_SUCCESS)
      return failed("clFinish", code);
    return {};
  }

  std::string read(size_t buffer, Bytes &out) override {
    out.resize((*initial_)[buffer].size());
    if (cl_int code = clEnqueueReadBuffer(clDevice().queue, buffers_[buffer], CL_TRUE, 0,
                                          out.size(), out.data(), 0, nullptr, nullptr);
        code != CL_SUCCESS)
      return failed("clEnqueueReadBuffer", code);
    return {};
  }

private:
  std::string buildLog() {
    size_t size = 0;
    clGetProgramBuildInfo(program_, clDevice().device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
    std::string log(size, '\0');
    clGetProgramBuildInfo(program_, clDevice().device, CL_PROGRAM_BUILD_LOG, size, log.data(),
                          nullptr);
    return log;
  }

  cl_program program_ = nullptr;
  cl_kernel kernel_ = nullptr;
  const std::vector<Bytes> *initial_ = nullptr;
  std::vector<cl_mem> buffers_;
  size_t global_[3] = {1, 1, 1}, local_[3] = {1, 1, 1};
};

} // namespace

std::unique_ptr<KernelEngine> makeOpenClEngine(std::string &why) {
  if (!clDevice().device) {
    why = clDevice().error;
    return nullptr;
  }
  return std::make_unique<OpenClEngine>();
}

std::string openClDescription() {
  return clDevice().device ? clDevice().description : clDevice().error;
}

} // namespace qiao::bench
