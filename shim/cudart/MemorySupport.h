// Helpers shared by the copy and memset files (defined in MemoryCopy.cpp).
#pragma once

#include "QiaoCuda.h"

namespace qiao::cudart {

// Finishes a synchronous _ptds operation queued on the calling thread's default stream.
cudaError_t syncOnPerThreadStream(qiaoError_t queued);

// cudaMemcpy3DPeer and its flavours: a 3D copy in the one unified address space.
cudaError_t copy3DPeer(const cudaMemcpy3DPeerParms *p, qiaoStream_t stream, bool synchronous);

} // namespace qiao::cudart
