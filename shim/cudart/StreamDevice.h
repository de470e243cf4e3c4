// cudaStreamGetDevice's answer, from libqiao's stream object. Plain types, so that the public-API
// files (which include NVIDIA's headers) and the runtime's internals need not meet.
#pragma once

struct qiaoStream_st;

namespace qiao::cudart {

// A qiaoError_t value; on success *device is the stream's device.
int streamDevice(qiaoStream_st *stream, int *device);

} // namespace qiao::cudart
